package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A results document: what {@code compile} writes and {@code publish} uploads. */
public record Result(@JsonProperty("testResults") List<TestResults> testResults) {

    static final Result EMPTY = new Result(List.of());

    public Result {
        testResults = testResults == null ? List.of() : List.copyOf(testResults);
    }

    /** @return the same document keeping only failed and errored tests, with the summaries unchanged */
    Result onlyFailedTests() {
        return new Result(testResults.stream()
                .map(results -> new TestResults(results.id(), results.name(), results.framework(),
                        results.isDisabled(), results.summary(), results.status(), results.statusMessage(),
                        results.suites().stream().map(Suite::onlyFailedTests).toList()))
                .toList());
    }

    /** @return the field-wise sum of all results' summaries */
    Summary summary() {
        Summary sum = Summary.EMPTY;
        for (TestResults results : testResults) {
            sum = sum.plus(results.summary());
        }
        return sum;
    }
}
