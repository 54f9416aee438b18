package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogAssertTest {

    private static final String EXPECTED = """
            {"event":"cmd_started","timestamp":"*","directive":"make"}
            {"event":"cmd_output","timestamp":"*","output":"one line of output\\n"}
            {"event":"cmd_finished","timestamp":"*","directive":"make","exit_code":0}
            """;

    private static List<String> log(String... outputs) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("{\"event\":\"cmd_started\",\"timestamp\":1,\"directive\":\"make\"}");
        for (String output : outputs) {
            lines.add("{\"event\":\"cmd_output\",\"timestamp\":2,\"output\":\"" + output + "\"}");
        }
        lines.add("{\"event\":\"cmd_finished\",\"timestamp\":3,\"directive\":\"make\",\"exit_code\":0}");
        return lines;
    }

    @Test
    void acceptsTheOutputInOneEventAsExpected() {
        assertThatCode(() -> EventLogAssert.assertEventLog(log("one line of output\\n"), EXPECTED))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheSameBytesCutIntoSeveralEventsWhereverTheCutFalls() {
        String output = "one line of output\\n";
        for (int cut = 1; cut < output.length() - 2; cut++) {
            if (output.charAt(cut - 1) == '\\') {
                continue; // not inside the JSON escape
            }
            List<String> actual = log(output.substring(0, cut), output.substring(cut));
            assertThatCode(() -> EventLogAssert.assertEventLog(actual, EXPECTED)).doesNotThrowAnyException();
        }
        assertThatCode(() -> EventLogAssert.assertEventLog(log("one ", "line ", "of output\\n"), EXPECTED))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesOutputThatDiffersByOneByteHoweverItIsCut() {
        assertThatThrownBy(() -> EventLogAssert.assertEventLog(log("one line of outpu", "\\n"), EXPECTED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the output is");
        assertThatThrownBy(() -> EventLogAssert.assertEventLog(log("one line", " of output\\r\\n"), EXPECTED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the output is");
        assertThatThrownBy(() -> EventLogAssert.assertEventLog(log("one line of output\\n", "more"), EXPECTED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the output is");
    }

    @Test
    void refusesMissingOrUnexpectedOutputEvents() {
        assertThatThrownBy(() -> EventLogAssert.assertEventLog(log(), EXPECTED)).isInstanceOf(AssertionError.class);
        String withoutOutput = """
                {"event":"cmd_started","timestamp":"*","directive":"make"}
                {"event":"cmd_finished","timestamp":"*","directive":"make","exit_code":0}
                """;
        assertThatThrownBy(() -> EventLogAssert.assertEventLog(log("surprise"), withoutOutput))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void checksTheKeysOfEveryOutputEventOfARun() {
        List<String> actual = new java.util.ArrayList<>(log("one line ", "of output\\n"));
        actual.set(2, "{\"event\":\"cmd_output\",\"timestamp\":2,\"output\":\"of output\\n\",\"extra\":1}");
        assertThatThrownBy(() -> EventLogAssert.assertEventLog(actual, EXPECTED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("keys");
    }

    @Test
    void aLongOutputLineStillTakesAnyNumberOfOutputEvents() {
        String expected = """
                {"event":"cmd_started","timestamp":"*","directive":"make"}
                *** LONG_OUTPUT ***
                {"event":"cmd_finished","timestamp":"*","directive":"make","exit_code":0}
                """;
        assertThatCode(() -> EventLogAssert.assertEventLog(log("a", "b", "c"), expected)).doesNotThrowAnyException();
        assertThatCode(() -> EventLogAssert.assertEventLog(log(), expected)).doesNotThrowAnyException();
    }
}
