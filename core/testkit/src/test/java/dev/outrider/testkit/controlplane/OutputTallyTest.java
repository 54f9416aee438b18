package dev.outrider.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputTallyTest {

    private static String unescape(String json) {
        return OutputTally.unescape(json, 0, json.length());
    }

    @Test
    void decodesJsonStringEscapes() {
        assertThat(unescape("x\\/y\\u0041\\n\\\"\\\\")).isEqualTo("x/yA\n\"\\");
    }

    @Test
    void refusesStringsThatAreNotValidJson() {
        assertThatThrownBy(() -> unescape("raw \" quote")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unescape("tab\there")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unescape("bad \\x escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unescape("cut \\u00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void talliesOnlyTheOutputOfMatchingCommands() {
        OutputTally tally = new OutputTally("make"::equals);
        tally.stored("j", 0, "{\"event\":\"cmd_started\",\"timestamp\":1,\"directive\":\"ls\"}");
        tally.stored("j", 1, "{\"event\":\"cmd_output\",\"timestamp\":1,\"output\":\"no\"}");
        tally.stored("j", 2, "{\"event\":\"cmd_started\",\"timestamp\":1,\"directive\":\"make\"}");
        tally.stored("j", 3, "{\"event\":\"cmd_output\",\"timestamp\":1,\"output\":\"yes\"}");
        tally.stored("j", 4, "{\"event\":\"cmd_finished\",\"timestamp\":1,\"directive\":\"make\",\"exit_code\":0,"
                + "\"started_at\":1,\"finished_at\":1}");
        tally.stored("j", 5, "{\"event\":\"cmd_output\",\"timestamp\":1,\"output\":\"after\"}");

        assertThat(tally.of("j").outputBytes()).isEqualTo(3);
        assertThat(tally.of("j").outputEvents()).isEqualTo(1);
        assertThat(tally.of("j").lines()).isEqualTo(6);
        assertThat(tally.of("other").lines()).isZero();
    }
}
