package dev.outrider.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a job's log holds must not depend on where the terminal's reads happened to end. Each case
 * feeds one output in pieces, with the timer's flushes falling between the pieces (a
 * {@link ManualScheduler}, so every run interleaves the same way), and compares the emitted bytes with
 * those of the same output fed in one piece and with the output with every {@code \r\n} folded.
 * Between pieces less than the hold time passes, so no {@code \r} may go out before its next byte is
 * known.
 */
class OutputChunkerSplitTest {

    /** Less than the hold time: a piece may follow another after any wait up to this. */
    private static final long MAX_GAP_NANOS = OutputChunker.HOLD_NANOS - 1;
    private static final int RANDOM_RUNS = 3000;
    /** Fixed so that a failure can be replayed; -Doutrider.test.seed=N tries another. */
    private static final long SEED = Long.getLong("outrider.test.seed", 0x5EED_0A7C_4E11L);

    static Stream<Arguments> outputs() {
        return Stream.of(
                Arguments.of("CRLF lines", crlfLines()),
                Arguments.of("lone CR of a progress bar", progressBars()),
                Arguments.of("multi-byte UTF-8", multiByte()),
                Arguments.of("invalid bytes", invalidBytes()),
                Arguments.of("all of them, ending in a CR", concat(crlfLines(), progressBars(), multiByte(),
                        invalidBytes(), "\r\r\n\n\r\rlast\r".getBytes(UTF_8))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void emitsTheSameBytesWhereverTheOutputIsSplitInTwo(String name, byte[] output) {
        byte[] expected = folded(output);
        assertThat(emitted(List.of(output), new Random(0))).as("in one piece").isEqualTo(expected);

        for (int at = 1; at < output.length; at++) {
            List<byte[]> pieces = List.of(slice(output, 0, at), slice(output, at, output.length));
            byte[] actual = emitted(pieces, null);
            if (!Arrays.equals(actual, expected)) {
                assertThat(show(actual)).as("%s split at byte %d of %d", name, at, output.length)
                        .isEqualTo(show(expected));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void emitsTheSameBytesWhereverTheOutputIsSplitAtRandom(String name, byte[] output) {
        byte[] expected = folded(output);
        Random seeds = new Random(SEED);
        for (int run = 0; run < RANDOM_RUNS; run++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            List<byte[]> pieces = randomPieces(output, random);
            byte[] actual = emitted(pieces, random);
            if (!Arrays.equals(actual, expected)) {
                assertThat(show(actual))
                        .as("%s in %d random pieces (seed %d, replay with -Doutrider.test.seed=%d; run %d)",
                                name, pieces.size(), seed, SEED, run)
                        .isEqualTo(show(expected));
            }
        }
    }

    @Test
    void foldsACrLfWhenAReadEndsBetweenTheTwoAndAFlushRunsInBetween() {
        ManualScheduler scheduler = new ManualScheduler();
        List<byte[]> chunks = new ArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, scheduler, scheduler::nanoTime);
        byte[] line = concat("x".repeat(99).getBytes(UTF_8), "\r".getBytes(UTF_8));

        chunker.append(line, 0, line.length);
        scheduler.advance(OutputChunker.COALESCE_NANOS);
        chunker.append("\n".getBytes(UTF_8), 0, 1);
        chunker.close();

        assertThat(new String(concatenation(chunks), UTF_8)).isEqualTo("x".repeat(99) + "\n");
    }

    @Test
    void letsALoneCrGoOutOnceItSatForTheHoldTime() {
        ManualScheduler scheduler = new ManualScheduler();
        List<byte[]> chunks = new ArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, scheduler, scheduler::nanoTime);

        chunker.append("50%\r".getBytes(UTF_8), 0, 4);
        scheduler.advance(OutputChunker.HOLD_NANOS - 1);
        assertThat(chunks).as("before the hold time").isEmpty();
        scheduler.advance(1);

        assertThat(chunks).extracting(c -> new String(c, UTF_8)).containsExactly("50%\r");
        chunker.append("60%\r".getBytes(UTF_8), 0, 4);
        scheduler.advance(OutputChunker.HOLD_NANOS);
        assertThat(chunks).extracting(c -> new String(c, UTF_8)).containsExactly("50%\r", "60%\r");
        chunker.close();
    }

    @Test
    void letsATrailingCrGoOutAsItIsWhenTheCommandEnds() {
        ManualScheduler scheduler = new ManualScheduler();
        List<byte[]> chunks = new ArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, scheduler, scheduler::nanoTime);
        byte[] output = concat("y".repeat(100).getBytes(UTF_8), "\r".getBytes(UTF_8));

        chunker.append(output, 0, output.length);
        scheduler.advance(OutputChunker.COALESCE_NANOS);
        chunker.close();

        assertThat(concatenation(chunks)).isEqualTo(output);
    }

    /**
     * Feeds {@code pieces} one after the other; after each, the timer runs whatever is due after a
     * gap below the hold time (a fixed coalescing gap when {@code random} is null), then the command
     * ends.
     */
    private static byte[] emitted(List<byte[]> pieces, Random random) {
        ManualScheduler scheduler = new ManualScheduler();
        List<byte[]> chunks = new ArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, scheduler, scheduler::nanoTime);
        for (byte[] piece : pieces) {
            chunker.append(piece, 0, piece.length);
            scheduler.advance(random == null ? OutputChunker.COALESCE_NANOS : gap(random));
        }
        chunker.close();
        for (byte[] chunk : chunks) {
            assertThat(chunk.length).isBetween(1, OutputChunker.CLOSED_CHUNK);
        }
        return concatenation(chunks);
    }

    private static long gap(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> OutputChunker.COALESCE_NANOS;
            case 2 -> MAX_GAP_NANOS;
            default -> (long) (random.nextDouble() * MAX_GAP_NANOS);
        };
    }

    /** Pieces of mostly small sizes, as a terminal's reads come, and now and then a large one. */
    private static List<byte[]> randomPieces(byte[] output, Random random) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < output.length) {
            int size = switch (random.nextInt(5)) {
                case 0 -> 1;
                case 1 -> 1 + random.nextInt(4);
                case 2 -> 95 + random.nextInt(10);
                case 3 -> 1 + random.nextInt(1200);
                default -> 1 + random.nextInt(150);
            };
            int to = Math.min(output.length, at + size);
            pieces.add(slice(output, at, to));
            at = to;
        }
        return pieces;
    }

    /** The output with every {@code \r\n} replaced by {@code \n}, read left to right once. */
    private static byte[] folded(byte[] output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < output.length; i++) {
            if (output[i] == '\r' && i + 1 < output.length && output[i + 1] == '\n') {
                continue;
            }
            out.write(output[i]);
        }
        return out.toByteArray();
    }

    /** CRLF-terminated lines whose CRs fall on and around every chunk boundary (100 and 1000 bytes). */
    private static byte[] crlfLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] lengths = {98, 99, 100, 1, 0, 97, 101, 3, 898, 99, 2, 50};
        for (int length : lengths) {
            out.writeBytes("l".repeat(length).getBytes(UTF_8));
            out.writeBytes("\r\n".getBytes(UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] progressBars() {
        StringBuilder text = new StringBuilder();
        for (int percent = 0; percent <= 100; percent += 5) {
            text.append("downloading ").append(percent).append("%\r");
        }
        text.append("\r\ndone\r\n\r\r\n");
        return text.toString().getBytes(UTF_8);
    }

    private static byte[] multiByte() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("特é😀").append(i % 7 == 0 ? "\r\n" : "").append(i % 11 == 0 ? "\r" : "");
        }
        return text.toString().getBytes(UTF_8);
    }

    private static byte[] invalidBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 30; i++) {
            out.writeBytes(new byte[] {(byte) 0xF4, (byte) 0xBF, (byte) 0xBF, (byte) 0xBF});
            out.writeBytes(new byte[] {(byte) 0xC3, '\r', '\n', (byte) 0xFF, (byte) 0xF0, (byte) 0x9F, '\r'});
            out.writeBytes(new byte[] {(byte) 0xE7, (byte) 0x89, '\r', '\n', (byte) 0x80, 'a'});
        }
        return out.toByteArray();
    }

    private static byte[] concatenation(List<byte[]> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        return concatenation(List.of(parts));
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    /** Bytes made readable for a failure message: CR and LF and non-ASCII bytes are spelled out. */
    private static String show(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v == '\r') {
                text.append("\\r");
            } else if (v == '\n') {
                text.append("\\n\n");
            } else if (v < 0x20 || v >= 0x7F) {
                text.append(String.format("\\x%02X", v));
            } else {
                text.append((char) v);
            }
        }
        return text.toString();
    }
}
