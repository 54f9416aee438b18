package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Counts of tests by state and their duration.
 *
 * @param duration nanoseconds
 */
@JsonPropertyOrder({"total", "passed", "skipped", "error", "failed", "disabled", "duration"})
public record Summary(@JsonProperty("total") int total, @JsonProperty("passed") int passed,
                      @JsonProperty("skipped") int skipped, @JsonProperty("error") int error,
                      @JsonProperty("failed") int failed, @JsonProperty("disabled") int disabled,
                      @JsonProperty("duration") long duration) {

    static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0);

    /**
     * A suite's summary: its tests counted by state; the duration is their sum, unless the suite's
     * own (earlier) duration is larger.
     */
    static Summary ofTests(List<Test> tests, long ownDuration) {
        int passed = 0, skipped = 0, error = 0, failed = 0, disabled = 0;
        long duration = 0;
        for (Test test : tests) {
            duration += test.duration();
            switch (test.state()) {
                case Test.SKIPPED -> skipped++;
                case Test.FAILED -> failed++;
                case Test.ERROR -> error++;
                case Test.PASSED -> passed++;
                case Test.DISABLED -> disabled++;
                default -> { }
            }
        }
        if (ownDuration > 0 && ownDuration > duration) {
            duration = ownDuration;
        }
        return new Summary(tests.size(), passed, skipped, error, failed, disabled, duration);
    }

    Summary plus(Summary other) {
        return new Summary(total + other.total, passed + other.passed, skipped + other.skipped, error + other.error,
                failed + other.failed, disabled + other.disabled, duration + other.duration);
    }
}
