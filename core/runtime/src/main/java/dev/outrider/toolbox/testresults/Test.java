package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One test case.
 *
 * @param duration nanoseconds
 * @param state    {@code passed}, {@code failed}, {@code error}, {@code skipped} or {@code disabled}
 * @param failure  its failure, or null
 * @param error    its error, or null
 */
@JsonPropertyOrder({"id", "file", "classname", "package", "name", "duration", "state", "failure", "error",
        "systemOut", "systemErr", "semaphoreEnv"})
public record Test(@JsonProperty("id") String id, @JsonProperty("file") String file,
                   @JsonProperty("classname") String classname, @JsonProperty("package") String pkg,
                   @JsonProperty("name") String name, @JsonProperty("duration") long duration,
                   @JsonProperty("state") String state, @JsonProperty("failure") Fault failure,
                   @JsonProperty("error") Fault error, @JsonProperty("systemOut") String systemOut,
                   @JsonProperty("systemErr") String systemErr,
                   @JsonProperty("semaphoreEnv") SemaphoreEnv semaphoreEnv) {

    static final String PASSED = "passed";
    static final String FAILED = "failed";
    static final String ERROR = "error";
    static final String SKIPPED = "skipped";
    static final String DISABLED = "disabled";

    public Test {
        id = Text.orEmpty(id);
        file = Text.orEmpty(file);
        classname = Text.orEmpty(classname);
        pkg = Text.orEmpty(pkg);
        name = Text.orEmpty(name);
        state = Text.orEmpty(state);
        systemOut = Text.orEmpty(systemOut);
        systemErr = Text.orEmpty(systemErr);
        semaphoreEnv = semaphoreEnv == null ? SemaphoreEnv.EMPTY : semaphoreEnv;
    }

    /**
     * @param ownId the id the report gave (rspec, phpunit, embedded), or {@code ""}
     * @return the id of a test in a suite: derived from the suite's id, its own id, name, class, package and file
     */
    static String idIn(String suiteId, String ownId, String name, String classname, String pkg, String file) {
        return Ids.v3(Ids.parse(suiteId), ownId + "." + name + "." + classname + "." + pkg + "." + file);
    }

    Test withId(String newId) {
        return new Test(newId, file, classname, pkg, name, duration, state, failure, error, systemOut, systemErr,
                semaphoreEnv);
    }

    Test withoutOutput() {
        return new Test(id, file, classname, pkg, name, duration, state, failure, error, "", "", semaphoreEnv);
    }

    Test trimmed(Trim trim) {
        return new Test(id, file, classname, pkg, name, duration, state, failure == null ? null : failure.trimmed(trim),
                error == null ? null : error.trimmed(trim), trim.apply(systemOut), trim.apply(systemErr),
                semaphoreEnv);
    }

    boolean failedOrError() {
        return state.equals(FAILED) || state.equals(ERROR);
    }
}
