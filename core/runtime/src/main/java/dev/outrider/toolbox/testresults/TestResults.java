package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The results of one report (one test framework's run), or of several merged.
 *
 * @param status        {@code success}, or {@code error} when the report could not be read
 * @param statusMessage why it could not be read
 */
@JsonPropertyOrder({"id", "name", "framework", "isDisabled", "summary", "status", "statusMessage", "suites"})
public record TestResults(@JsonProperty("id") String id, @JsonProperty("name") String name,
                          @JsonProperty("framework") String framework,
                          @JsonProperty("isDisabled") boolean isDisabled, @JsonProperty("summary") Summary summary,
                          @JsonProperty("status") String status,
                          @JsonProperty("statusMessage") String statusMessage,
                          @JsonProperty("suites") List<Suite> suites) {

    static final String SUCCESS = "success";
    static final String ERROR = "error";

    public TestResults {
        id = Text.orEmpty(id);
        name = Text.orEmpty(name);
        framework = Text.orEmpty(framework);
        summary = summary == null ? Summary.EMPTY : summary;
        status = Text.orEmpty(status);
        statusMessage = Text.orEmpty(statusMessage);
        suites = suites == null ? List.of() : List.copyOf(suites);
    }

    /** @return the id of results: from their (pre-set or reported) name and framework */
    static String idOf(String name, String framework) {
        return Ids.v3(Ids.NIL, name + framework);
    }

    /** Results that could not be read. */
    static TestResults failed(String id, String name, String framework, String message) {
        return new TestResults(id, name, framework, false, Summary.EMPTY, ERROR, message, List.of());
    }

    TestResults withSuites(List<Suite> newSuites) {
        Summary sum = Summary.EMPTY;
        for (Suite suite : newSuites) {
            sum = sum.plus(suite.summary());
        }
        return new TestResults(id, name, framework, isDisabled, sum, status, statusMessage, newSuites);
    }

    TestResults withName(String newName) {
        return new TestResults(id, newName, framework, isDisabled, summary, status, statusMessage, suites);
    }

    /** @return these results renamed, every id derived again from names (ids given by the report are dropped) */
    TestResults renamed(String newName) {
        String newId = idOf(newName, framework);
        List<Suite> renamed = suites.stream().map(suite -> suite.withNameAndIds(suite.name(), newId)).toList();
        return new TestResults(newId, newName, framework, isDisabled, summary, status, statusMessage, renamed);
    }

    /** @return these results with every suite's name prefixed, every id derived again from names */
    TestResults withSuitePrefix(String prefix) {
        String newId = idOf(name, framework);
        List<Suite> prefixed = suites.stream()
                .map(suite -> suite.withNameAndIds(prefix + " " + suite.name(), newId))
                .toList();
        return new TestResults(newId, name, framework, isDisabled, summary, status, statusMessage, prefixed);
    }
}
