package dev.outrider.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.LogEvent.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    private static final long T = 1717000001L;

    private static String lines(EventLines lines) {
        ByteBuffer buffer = lines.buffer();
        return new String(buffer.array(), buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
    }

    /** What the general path (the String encoder) makes of the output. */
    private static String expected(long timestamp, byte[] output) {
        return EventJson.encode(new CommandOutput(timestamp, Utf8.decode(output))) + "\n";
    }

    private static String fast(long timestamp, byte[] output) {
        EventLines lines = new EventLines();
        lines.addOutput(timestamp, output);
        return lines(lines);
    }

    @Test
    void writesAsciiOutputAsTheStringEncoderDoes() {
        byte[] output = "say \"hi\" \\ <b>&</b>\r\n\t\u0000\u001b[0m\u007f done".getBytes(StandardCharsets.US_ASCII);

        assertThat(fast(T, output)).isEqualTo(expected(T, output))
                .isEqualTo("{\"event\":\"cmd_output\",\"timestamp\":1717000001,\"output\":\"say \\\"hi\\\" \\\\ "
                        + "\\u003cb\\u003e\\u0026\\u003c/b\\u003e\\r\\n\\t\\u0000\\u001b[0m\u007f done\"}\n");
    }

    @Test
    void writesEveryAsciiByteAsTheStringEncoderDoes() {
        byte[] output = new byte[0x80];
        for (int b = 0; b < 0x80; b++) {
            output[b] = (byte) b;
        }
        assertThat(fast(0, output)).isEqualTo(expected(0, output));
        assertThat(fast(Long.MAX_VALUE, new byte[0])).isEqualTo(expected(Long.MAX_VALUE, new byte[0]));
    }

    @Test
    void writesRandomBytesValidUtf8OrNotAsTheStringEncoderDoes() {
        Random random = new Random(14);
        byte[] utf8 = "héllo wörld ✓ 😀 \u2028 \uFFFD".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2000; round++) {
            byte[] output = new byte[random.nextInt(1200)];
            for (int i = 0; i < output.length; i++) {
                int kind = random.nextInt(10);
                output[i] = kind < 6 ? (byte) random.nextInt(0x80) : kind < 9 ? utf8[random.nextInt(utf8.length)]
                        : (byte) random.nextInt(256);
            }
            assertThat(fast(T + round, output)).as("bytes %s", Arrays.toString(output)).isEqualTo(expected(T + round, output));
        }
    }

    @Test
    void keepsTheEventsOfOneWriteInOrderAndStartsAfreshAfterClear() {
        EventLines lines = new EventLines();
        lines.addOutput(T, "a\n".getBytes(StandardCharsets.US_ASCII));
        lines.add(new CommandOutput(T, "b"));
        lines.addOutput(T, "ü".getBytes(StandardCharsets.UTF_8));

        assertThat(lines(lines)).isEqualTo(expected(T, "a\n".getBytes(StandardCharsets.US_ASCII))
                + expected(T, "b".getBytes(StandardCharsets.US_ASCII)) + expected(T, "ü".getBytes(StandardCharsets.UTF_8)));
        lines.clear();
        assertThat(lines.length()).isZero();
        lines.addOutput(T, "c".getBytes(StandardCharsets.US_ASCII));
        assertThat(lines(lines)).isEqualTo(expected(T, "c".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void countsTheEventsOfOneWriteWhicheverWayTheyWereMade() {
        EventLines lines = new EventLines();

        lines.addOutput(1, "plain\n".getBytes(StandardCharsets.UTF_8));
        lines.addOutput(1, "h\u00e9".getBytes(StandardCharsets.UTF_8)); // not ASCII: the general path
        lines.add(new CommandOutput(1, "message"));
        int beforeClear = lines.events();
        lines.clear();

        assertThat(beforeClear).isEqualTo(3);
        assertThat(lines.events()).isZero();
    }

    @Test
    void growsForOutputThatIsAllEscapes() {
        byte[] output = new byte[100_000]; // every byte becomes \u0000: six times as long
        assertThat(fast(T, output)).isEqualTo(expected(T, output));
    }
}
