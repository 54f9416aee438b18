package dev.outrider.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

public class OutputTallyTest {

    /** A log with every kind of output line: escapes, raw UTF-8, surrogates, and lines of another shape. */
    public static final List<String> MIXED_LOG = List.of(
            "{\"event\":\"job_started\",\"timestamp\":1700000000}",
            "{\"event\":\"cmd_started\",\"timestamp\":1700000000,\"directive\":\"echo other\"}",
            output("not counted \\t"),
            "{\"event\":\"cmd_finished\",\"timestamp\":1700000000,\"directive\":\"echo other\",\"exit_code\":0,"
                    + "\"started_at\":1700000000,\"finished_at\":1700000000}",
            "{\"event\":\"cmd_started\",\"timestamp\":1700000000,\"directive\":\"make\"}",
            output("plain text"),
            output(""),
            output("a \\\"b\\\" \\\\ \\/ \\u003c\\b\\f\\r\\n\\t"),
            output("grüße € 😀"),
            output("\\u00fc\\u20ac\\ud83d\\ude00 \\ud83d lone \\ude00"),
            output("x".repeat(5000) + "\\n"),
            "{\"event\":\"cmd_output\",\"output\":\"fields \\u00e9 in another order\",\"timestamp\":1700000000}",
            "{\"event\":\"cmd_output\", \"timestamp\":1700000000, \"output\":\"spaced\"}",
            "{\"event\":\"cmd_output\",\"timestamp\":1.5,\"output\":\"not digits\"}",
            "{\"event\":\"cmd_finished\",\"timestamp\":1700000000,\"directive\":\"make\",\"exit_code\":0,"
                    + "\"started_at\":1700000000,\"finished_at\":1700000000}",
            output("after"),
            "{\"event\":\"job_finished\",\"timestamp\":1700000000,\"result\":\"passed\"}");

    static String output(String escapedText) {
        return "{\"event\":\"cmd_output\",\"timestamp\":1700000000,\"output\":\"" + escapedText + "\"}";
    }

    /** @return the tally's counts and digest, without the times */
    public static List<Object> counts(OutputTally.Tally tally) {
        return List.of(tally.lines(), tally.outputEvents(), tally.outputBytes(), tally.sha256());
    }

    /** Hands a line to the tally as bytes in the middle of a larger array, as a fake's push body holds it. */
    private static void storeBytes(OutputTally tally, String jobId, long offset, String line) {
        byte[] body = ("x\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
        tally.stored(jobId, offset, body, 2, body.length - 1);
    }

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

    @Test
    void talliesLinesGivenAsBytesExactlyAsTheSameLinesGivenAsText() {
        OutputTally fromText = new OutputTally("make"::equals);
        OutputTally fromBytes = new OutputTally("make"::equals);
        for (int offset = 0; offset < MIXED_LOG.size(); offset++) {
            fromText.stored("j", offset, MIXED_LOG.get(offset));
            storeBytes(fromBytes, "j", offset, MIXED_LOG.get(offset));
        }

        assertThat(counts(fromBytes.of("j"))).isEqualTo(counts(fromText.of("j")));
        String expected = "plain text" + "a \"b\" \\ / <\b\f\r\n\t" + "grüße € 😀" + "ü€😀 ? lone ?"
                + "x".repeat(5000) + "\n" + "fields é in another order" + "spaced" + "not digits";
        byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);
        assertThat(fromBytes.of("j").outputEvents()).isEqualTo(9);
        assertThat(fromBytes.of("j").outputBytes()).isEqualTo(bytes.length);
        assertThat(fromBytes.of("j").sha256()).isEqualTo(HexFormat.of().formatHex(OutputTally.sha256().digest(bytes)));
        assertThat(fromBytes.of("j").firstOutput()).isNotNull();
        assertThat(fromBytes.of("j").lastLine()).isAfterOrEqualTo(fromBytes.of("j").firstOutput());
    }

    @Test
    void refusesAnOutputLineOfAMatchingCommandThatIsNotJsonSayingWhichLineAndWhy() {
        OutputTally tally = new OutputTally("make"::equals);
        storeBytes(tally, "j", 0, "{\"event\":\"cmd_started\",\"timestamp\":1,\"directive\":\"make\"}");

        assertThatThrownBy(() -> storeBytes(tally, "j", 1, output("tab\there")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job 'j', log line 1: the output of a cmd_output event is not a valid JSON string: a raw "
                        + "control character 0x09 at byte 3 of the string; JSON needs it escaped; the line starts "
                        + output("tab\there"));
        assertThatThrownBy(() -> storeBytes(tally, "j", 2, output("\\q" + "y".repeat(300))))
                .hasMessageContaining("an unknown escape \\q at byte 0 of the string")
                .hasMessageEndingWith("y".repeat(10));
        assertThatThrownBy(() -> storeBytes(tally, "j", 3, "{\"event\":\"cmd_output\",not json}"))
                .isInstanceOf(io.vertx.core.json.DecodeException.class);
    }
}
