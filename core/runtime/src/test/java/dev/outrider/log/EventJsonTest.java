package dev.outrider.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogEvent.CommandFinished;
import dev.outrider.spi.LogEvent.CommandOutput;
import dev.outrider.spi.LogEvent.CommandStarted;
import dev.outrider.spi.LogEvent.JobFinished;
import dev.outrider.spi.LogEvent.JobStarted;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {

    private static final long T = 1717000001L;

    private static String outputJson(String output) {
        return EventJson.encode(new CommandOutput(T, output));
    }

    @Test
    void encodesTheFiveEventsExactlyAsSemaphoreDoes() {
        assertThat(EventJson.encode(new JobStarted(1717000000L)))
                .isEqualTo("{\"event\":\"job_started\",\"timestamp\":1717000000}");
        assertThat(EventJson.encode(new CommandStarted(T, "echo hello")))
                .isEqualTo("{\"event\":\"cmd_started\",\"timestamp\":1717000001,\"directive\":\"echo hello\"}");
        assertThat(EventJson.encode(new CommandOutput(T, "hello\n")))
                .isEqualTo("{\"event\":\"cmd_output\",\"timestamp\":1717000001,\"output\":\"hello\\n\"}");
        assertThat(EventJson.encode(new CommandFinished(T, "echo hello", 0, 1717000001L, 1717000002L)))
                .isEqualTo("{\"event\":\"cmd_finished\",\"timestamp\":1717000001,\"directive\":\"echo hello\","
                        + "\"exit_code\":0,\"started_at\":1717000001,\"finished_at\":1717000002}");
        assertThat(EventJson.encode(new JobFinished(1717000003L, JobResult.PASSED)))
                .isEqualTo("{\"event\":\"job_finished\",\"timestamp\":1717000003,\"result\":\"passed\"}");
    }

    @Test
    void encodesEveryJobResultByItsWireName() {
        assertThat(EventJson.encode(new JobFinished(T, JobResult.FAILED))).endsWith("\"result\":\"failed\"}");
        assertThat(EventJson.encode(new JobFinished(T, JobResult.STOPPED))).endsWith("\"result\":\"stopped\"}");
    }

    @Test
    void keepsEmptyStringsInsteadOfOmittingThem() {
        assertThat(EventJson.encode(new CommandOutput(T, "")))
                .isEqualTo("{\"event\":\"cmd_output\",\"timestamp\":1717000001,\"output\":\"\"}");
        assertThat(EventJson.encode(new CommandStarted(T, "")))
                .isEqualTo("{\"event\":\"cmd_started\",\"timestamp\":1717000001,\"directive\":\"\"}");
    }

    @Test
    void encodesNonZeroExitCodes() {
        assertThat(EventJson.encode(new CommandFinished(T, "false", 127, T, T))).contains("\"exit_code\":127,");
    }

    @Test
    void escapesQuotesBackslashesAndNamedControlCharactersAsGoDoes() {
        assertThat(outputJson("say \"hi\" \\ now")).contains("\"output\":\"say \\\"hi\\\" \\\\ now\"");
        assertThat(outputJson("a\nb\rc\td\be\ff")).contains("\"output\":\"a\\nb\\rc\\td\\be\\ff\"");
    }

    @Test
    void escapesOtherControlCharactersAsLowercaseUnicodeEscapes() {
        assertThat(outputJson("\u0000\u0001\u001b[0m\u001f")).contains("\"output\":\"\\u0000\\u0001\\u001b[0m\\u001f\"");
    }

    @Test
    void escapesHtmlCharactersAndLineSeparatorsAsGoDoes() {
        assertThat(outputJson("<a href=\"x\">&</a>"))
                .contains("\"output\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"");
        assertThat(outputJson("\u2028\u2029")).contains("\"output\":\"\\u2028\\u2029\"");
    }

    @Test
    void escapesReplacementCharacters() {
        assertThat(outputJson("\uFFFD\uFFFD")).contains("\"output\":\"\\ufffd\\ufffd\"");
    }

    @Test
    void writesValidNonAsciiCharactersRaw() {
        assertThat(outputJson("特定 ━ é 😀 \u007f")).contains("\"output\":\"特定 ━ é 😀 \u007f\"");
    }

    @Test
    void escapesDirectivesToo() {
        assertThat(EventJson.encode(new CommandFinished(T, "echo \"<x>\"\n", 0, T, T)))
                .contains("\"directive\":\"echo \\\"\\u003cx\\u003e\\\"\\n\"");
    }

    @Test
    void producesJsonThatAStandardParserReadsBackToTheSameText() throws Exception {
        String tricky = "q\" b\\ \n\r\t\b\f \u0000\u0007\u001f <>& \u2028\u2029 \uFFFD 特 😀";

        String value = new ObjectMapper().readTree(outputJson(tricky)).get("output").asText();

        assertThat(value).isEqualTo(tricky);
    }

    @Test
    void decodesWhatItEncodes() {
        List<LogEvent> events = List.of(
                new JobStarted(1),
                new CommandStarted(2, "echo \"<特>\"\n"),
                new CommandOutput(3, "\u0001\uFFFD\u2028 out\r\n"),
                new CommandFinished(4, "echo", 255, 5, 6),
                new JobFinished(7, JobResult.PASSED),
                new JobFinished(8, JobResult.FAILED),
                new JobFinished(9, JobResult.STOPPED));

        for (LogEvent event : events) {
            assertThat(EventJson.decode(EventJson.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void decodesEventsWrittenWithOtherKeyOrderAndEscapes() {
        LogEvent event = EventJson.decode(
                "{\"output\":\"\\u0068i\\n\",\"timestamp\":12,\"event\":\"cmd_output\"}");

        assertThat(event).isEqualTo(new CommandOutput(12, "hi\n"));
    }

    @Test
    void rejectsExtraKeys() {
        assertThatThrownBy(() -> EventJson.decode(
                "{\"event\":\"job_started\",\"timestamp\":1,\"job_id\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job_id");
    }

    @Test
    void rejectsMissingKeys() {
        assertThatThrownBy(() -> EventJson.decode(
                "{\"event\":\"cmd_finished\",\"timestamp\":1,\"directive\":\"x\",\"exit_code\":0,\"started_at\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finished_at");
        assertThatThrownBy(() -> EventJson.decode("{\"event\":\"job_started\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> EventJson.decode("{\"event\":\"cmd_output\",\"timestamp\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output");
    }

    @Test
    void rejectsUnknownEvents() {
        assertThatThrownBy(() -> EventJson.decode("{\"event\":\"cmd_exploded\",\"timestamp\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cmd_exploded");
        assertThatThrownBy(() -> EventJson.decode("{\"timestamp\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnUnknownJobResult() {
        assertThatThrownBy(() -> EventJson.decode("{\"event\":\"job_finished\",\"timestamp\":1,\"result\":\"meh\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meh");
    }

    @Test
    void rejectsAStringFieldThatIsNotAString() {
        assertThatThrownBy(() -> EventJson.decode("{\"event\":\"cmd_output\",\"timestamp\":1,\"output\":5}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output");
        assertThatThrownBy(() -> EventJson.decode("{\"event\":\"cmd_started\",\"timestamp\":1,\"directive\":null}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directive");
    }

    // logs.md §2: timestamp, exit_code, started_at and finished_at are integers, never null
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event\":\"job_started\",\"timestamp\":\"abc\"}",
        "{\"event\":\"job_started\",\"timestamp\":null}",
        "{\"event\":\"job_started\",\"timestamp\":1.5}",
        "{\"event\":\"cmd_finished\",\"timestamp\":1,\"directive\":\"x\",\"exit_code\":\"7\",\"started_at\":1,\"finished_at\":1}",
        "{\"event\":\"cmd_finished\",\"timestamp\":1,\"directive\":\"x\",\"exit_code\":0,\"started_at\":true,\"finished_at\":null}",
    })
    void rejectsNumberFieldsThatAreNotWholeNumbers(String line) {
        assertThatThrownBy(() -> EventJson.decode(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"job_started\"", "{\"event\":"})
    void rejectsLinesThatAreNotJsonObjects(String line) {
        assertThatThrownBy(() -> EventJson.decode(line)).isInstanceOf(IllegalArgumentException.class);
    }
}
