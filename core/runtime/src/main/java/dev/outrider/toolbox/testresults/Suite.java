package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A test suite.
 *
 * @param properties its {@code <properties>} by name, or null when it had none
 */
@JsonPropertyOrder({"id", "name", "isSkipped", "isDisabled", "timestamp", "hostname", "package", "properties",
        "summary", "systemOut", "systemErr", "tests"})
public record Suite(@JsonProperty("id") String id, @JsonProperty("name") String name,
                    @JsonProperty("isSkipped") boolean isSkipped, @JsonProperty("isDisabled") boolean isDisabled,
                    @JsonProperty("timestamp") String timestamp, @JsonProperty("hostname") String hostname,
                    @JsonProperty("package") String pkg, @JsonProperty("properties") SortedMap<String, String> properties,
                    @JsonProperty("summary") Summary summary, @JsonProperty("systemOut") String systemOut,
                    @JsonProperty("systemErr") String systemErr, @JsonProperty("tests") List<Test> tests) {

    public Suite {
        id = Text.orEmpty(id);
        name = Text.orEmpty(name);
        timestamp = Text.orEmpty(timestamp);
        hostname = Text.orEmpty(hostname);
        pkg = Text.orEmpty(pkg);
        properties = properties == null ? null : new TreeMap<>(properties);
        summary = summary == null ? Summary.EMPTY : summary;
        systemOut = Text.orEmpty(systemOut);
        systemErr = Text.orEmpty(systemErr);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** @return a suite's id: from its {@code id} attribute, else its name, in the namespace of its results */
    static String idIn(String resultsId, String ownIdOrName) {
        return Ids.v3(Ids.parse(resultsId), ownIdOrName);
    }

    /** A suite of only a name and tests, summarised, as rspec's regrouping and the linters make them. */
    static Suite of(String id, String name, String pkg, List<Test> tests) {
        return new Suite(id, name, false, false, "", "", pkg, null, Summary.ofTests(tests, 0), "", "", tests);
    }

    Suite withTests(List<Test> newTests) {
        return new Suite(id, name, isSkipped, isDisabled, timestamp, hostname, pkg, properties,
                Summary.ofTests(newTests, summary.duration()), systemOut, systemErr, newTests);
    }

    Suite withNameAndIds(String newName, String resultsId) {
        String newId = idIn(resultsId, newName);
        List<Test> renamed = tests.stream()
                .map(test -> test.withId(Test.idIn(newId, "", test.name(), test.classname(), test.pkg(), test.file())))
                .toList();
        return new Suite(newId, newName, isSkipped, isDisabled, timestamp, hostname, pkg, properties, summary, systemOut,
                systemErr, renamed);
    }

    Suite trimmed(Trim trim) {
        return new Suite(id, name, isSkipped, isDisabled, timestamp, hostname, pkg, properties, summary,
                trim.apply(systemOut), trim.apply(systemErr), tests.stream().map(test -> test.trimmed(trim)).toList());
    }

    Suite withoutOutputOfPassedTests() {
        return new Suite(id, name, isSkipped, isDisabled, timestamp, hostname, pkg, properties, summary, systemOut,
                systemErr, tests.stream().map(test -> test.state().equals(Test.PASSED) ? test.withoutOutput() : test)
                .toList());
    }

    Suite onlyFailedTests() {
        return new Suite(id, name, isSkipped, isDisabled, timestamp, hostname, pkg, properties, summary, systemOut,
                systemErr, tests.stream().filter(Test::failedOrError).toList());
    }
}
