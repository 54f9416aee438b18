package dev.outrider.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance cases OB2–OB11 of Semaphore's output buffer, against the chunker with a real
 * timer. Where a case needs "nothing was emitted yet", the timer's only thread is held on a gate,
 * so no flush can run before the test looks.
 */
class OutputChunkerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final byte[] SPECIAL = "特".getBytes(UTF_8);

    private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private CountDownLatch gate;

    private record Chunk(byte[] bytes, long emittedAtNanos) {
        String text() {
            return new String(bytes, UTF_8);
        }
    }

    @BeforeEach
    void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopTimer() throws InterruptedException {
        if (gate != null) {
            gate.countDown();
        }
        timer.shutdownNow();
        assertThat(timer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private OutputChunker chunker() {
        return new OutputChunker(bytes -> chunks.add(new Chunk(bytes, System.nanoTime())), timer, System::nanoTime);
    }

    /** Keeps the timer's thread busy until {@link #releaseTimer()}: no flush can run meanwhile. */
    private void holdTimer() throws InterruptedException {
        gate = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        timer.execute(() -> {
            holding.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private void releaseTimer() {
        gate.countDown();
    }

    /** Returns once every timer task due within {@code delay} from now has run (the timer has one thread). */
    private void letTimerRunPast(Duration delay) throws Exception {
        timer.schedule(() -> { }, delay.toNanos(), TimeUnit.NANOSECONDS).get(5, TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private int emittedBytes() {
        return chunks.stream().mapToInt(c -> c.bytes().length).sum();
    }

    private byte[] concatenation() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(c -> all.writeBytes(c.bytes()));
        return all.toByteArray();
    }

    private List<Integer> chunkSizes() {
        return chunks.stream().map(c -> c.bytes().length).toList();
    }

    private static void append(OutputChunker chunker, byte[] bytes) {
        chunker.append(bytes, 0, bytes.length);
    }

    private static void append(OutputChunker chunker, String text, boolean translated) {
        byte[] bytes = text.getBytes(UTF_8);
        chunker.append(bytes, 0, bytes.length, translated);
    }

    private static byte[] repeat(byte[] unit, int times) {
        byte[] result = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, result, i * unit.length, unit.length);
        }
        return result;
    }

    private static byte[] ascii(char c, int count) {
        byte[] result = new byte[count];
        Arrays.fill(result, (byte) c);
        return result;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    // OB2
    @Test
    void emitsExactlyTheInputWhenClosedAfterOneHundredAsciiBytes() {
        byte[] input = ascii('x', 100);
        OutputChunker chunker = chunker();

        append(chunker, input);
        chunker.close();

        assertThat(concatenation()).isEqualTo(input);
    }

    // OB3
    @Test
    void holdsAShortOutputUntilItIsOneHundredMillisecondsOld() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();
        long appendedAt = System.nanoTime();

        append(chunker, "aaa".getBytes(UTF_8));

        assertThat(chunks).as("emitted at once").isEmpty();
        releaseTimer();
        await("the short output", () -> !chunks.isEmpty());
        assertThat(chunks).extracting(Chunk::text).containsExactly("aaa");
        assertThat(chunks.getFirst().emittedAtNanos() - appendedAt)
                .isGreaterThanOrEqualTo(OutputChunker.HOLD_NANOS);
    }

    // OB4
    @Test
    void emitsAFullChunkThenTheRemainderOnceItSatLongEnough() throws Exception {
        OutputChunker chunker = chunker();
        long appendedAt = System.nanoTime();

        append(chunker, ascii('b', 150));
        await("all 150 bytes", () -> emittedBytes() == 150);
        chunker.close();

        assertThat(chunkSizes()).containsExactly(100, 50);
        assertThat(chunks.get(1).emittedAtNanos() - appendedAt).isGreaterThanOrEqualTo(OutputChunker.HOLD_NANOS);
    }

    @Test
    void sendsFullChunksWithoutWaitingForTheHoldTime() {
        // the clock never advances: a remainder never gets old enough, full chunks must still go out
        OutputChunker chunker = new OutputChunker(bytes -> chunks.add(new Chunk(bytes, System.nanoTime())), timer,
                () -> 0L);

        append(chunker, ascii('c', 250));
        await("two full chunks", () -> emittedBytes() >= 200);

        assertThat(chunkSizes()).containsExactly(100, 100);
        chunker.close();
        assertThat(chunkSizes()).containsExactly(100, 100, 50);
    }

    @Test
    void splitsARunningCommandsOutputIntoChunksOfOneHundredBytes() {
        byte[] input = new byte[350];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ('a' + i % 26);
        }
        OutputChunker chunker = chunker();

        append(chunker, input);
        await("all bytes", () -> emittedBytes() == 350);
        chunker.close();

        assertThat(chunkSizes()).containsExactly(100, 100, 100, 50);
        assertThat(concatenation()).isEqualTo(input);
    }

    // OB5
    @Test
    void neverSplitsCrLfAtTheRunningChunkBoundary() {
        OutputChunker chunker = chunker();

        append(chunker, concat(ascii('a', 99), "\r\nb".getBytes(UTF_8)));
        await("both chunks", () -> chunks.size() == 2);
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("a".repeat(99), "\nb");
    }

    // OB6
    @Test
    void emitsEverythingAsOneEventWhenClosedRightAway() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, ascii('d', 150));
        chunker.close();
        releaseTimer();
        letTimerRunPast(Duration.ofMillis(200));

        assertThat(chunkSizes()).containsExactly(150);
    }

    @Test
    void emitsAtMostOneThousandBytesPerEventWhenClosed() throws Exception {
        byte[] input = ascii('e', 2500);
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, input);
        chunker.close();

        assertThat(chunkSizes()).containsExactly(1000, 1000, 500);
        assertThat(concatenation()).isEqualTo(input);
    }

    // OB7
    @Test
    void neverSplitsAThreeByteCharacterWhileTheCommandRuns() {
        byte[] input = repeat(SPECIAL, 50);
        OutputChunker chunker = chunker();

        append(chunker, input);
        await("all 150 bytes", () -> emittedBytes() == 150);
        chunker.close();

        assertThat(chunkSizes()).containsExactly(99, 51);
        assertThat(chunks).allSatisfy(c -> assertThat(Utf8.isValid(c.bytes(), 0, c.bytes().length)).isTrue());
        assertThat(concatenation()).isEqualTo(input);
    }

    @Test
    void neverSplitsAThreeByteCharacterAtTheClosedChunkBoundary() throws Exception {
        byte[] input = repeat(SPECIAL, 400);
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, input);
        chunker.close();

        assertThat(chunkSizes()).containsExactly(999, 201);
        assertThat(chunks).allSatisfy(c -> assertThat(Utf8.isValid(c.bytes(), 0, c.bytes().length)).isTrue());
        assertThat(concatenation()).isEqualTo(input);
    }

    // OB8
    @Test
    void passesAShortMultiByteTextThroughUnchanged() {
        OutputChunker chunker = chunker();

        append(chunker, "特特特".getBytes(UTF_8));
        await("the text", () -> !chunks.isEmpty());
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("特特特");
    }

    @Test
    void waitsForTheRestOfACharacterThatArrivesInTwoReads() {
        OutputChunker chunker = chunker();

        append(chunker, concat("ab".getBytes(UTF_8), Arrays.copyOf(SPECIAL, 2)));
        await("the complete characters", () -> !chunks.isEmpty());
        append(chunker, new byte[] {SPECIAL[2]});
        await("the completed character", () -> chunks.size() == 2);
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("ab", "特");
    }

    // OB9
    @Test
    void passesInvalidBytesThroughWhole() {
        byte[] input = repeat(new byte[] {(byte) 0xF4, (byte) 0xBF, (byte) 0xBF, (byte) 0xBF}, 30);
        OutputChunker chunker = chunker();

        append(chunker, input);
        await("a first chunk", () -> !chunks.isEmpty());
        chunker.close();

        assertThat(concatenation()).isEqualTo(input);
    }

    // OB10 and OB11
    @Test
    void holdsBackAnIncompleteCharacterUntilTheCommandEnds() throws Exception {
        byte[] valid = repeat(SPECIAL, 33);
        byte[] input = concat(valid, new byte[] {SPECIAL[0]});
        OutputChunker chunker = chunker();

        append(chunker, input);
        await("the valid characters", () -> !chunks.isEmpty());
        letTimerRunPast(Duration.ofMillis(250));

        assertThat(concatenation()).isEqualTo(valid);

        chunker.close();

        assertThat(concatenation()).isEqualTo(input);
    }

    // OB11
    @Test
    void emitsABrokenCharacterAtTheEndWhenClosedRightAway() throws Exception {
        byte[] input = concat(repeat(SPECIAL, 33), new byte[] {SPECIAL[0]});
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, input);
        chunker.close();

        assertThat(chunks).hasSize(1);
        assertThat(concatenation()).isEqualTo(input);
    }

    @Test
    void foldsCrLfAndKeepsLoneCr() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, "one\r\ntwo\r50%\r100%\r\n\r\r\n".getBytes(UTF_8));
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("one\ntwo\r50%\r100%\n\r\n");
    }

    @Test
    void passesUntranslatedOutputOnAsItIs() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, "one\r\ntwo\n50%\r", false);
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("one\r\ntwo\n50%\r");
    }

    @Test
    void emitsWhatWasBufferedBeforeTheTerminalsTranslationChanges() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, "a\r\nb\r", true);
        append(chunker, "\nc\r\n", false);
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("a\nb\r", "\nc\r\n");
    }

    @Test
    void foldsACrLfThatArrivesInTwoAppends() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, "line\r".getBytes(UTF_8));
        append(chunker, "\nnext".getBytes(UTF_8));
        releaseTimer();
        await("the output", () -> !chunks.isEmpty());
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("line\nnext");
    }

    @Test
    void neverSplitsCrLfAtTheClosedChunkBoundary() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, concat(ascii('a', 999), "\r\nz".getBytes(UTF_8)));
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("a".repeat(999), "\nz");
    }

    @Test
    void drainEmitsWhatIsBufferedAndKeepsAcceptingBytes() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        append(chunker, "abc".getBytes(UTF_8));
        chunker.drain();

        assertThat(chunks).extracting(Chunk::text).containsExactly("abc");

        append(chunker, "def".getBytes(UTF_8));
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("abc", "def");
    }

    @Test
    void drainOfAnEmptyBufferEmitsNothing() {
        OutputChunker chunker = chunker();

        chunker.drain();
        chunker.close();

        assertThat(chunks).isEmpty();
    }

    @Test
    void appendsOnlyTheGivenRange() throws Exception {
        OutputChunker chunker = chunker();
        holdTimer();

        chunker.append("xxhelloyy".getBytes(UTF_8), 2, 5);
        chunker.append("ignored".getBytes(UTF_8), 3, 0);
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("hello");
    }

    @Test
    void keepsTheOrderOfManySmallAppendsWhileTheTimerFlushes() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        OutputChunker chunker = chunker();

        for (int i = 0; i < 2000; i++) {
            byte[] line = ("line " + i + "\r\n").getBytes(UTF_8);
            append(chunker, line);
            expected.writeBytes(("line " + i + "\n").getBytes(UTF_8));
        }
        chunker.close();

        assertThat(new String(concatenation(), UTF_8)).isEqualTo(expected.toString(UTF_8));
        assertThat(chunks).allSatisfy(c -> assertThat(c.bytes().length).isBetween(1, OutputChunker.CLOSED_CHUNK));
    }

    @Test
    void emitsNothingForACommandWithoutOutput() throws Exception {
        OutputChunker chunker = chunker();

        chunker.close();
        letTimerRunPast(Duration.ofMillis(150));

        assertThat(chunks).isEmpty();
    }

    @Test
    void emitsNothingMoreOnceClosed() throws Exception {
        OutputChunker chunker = chunker();

        append(chunker, "tail".getBytes(UTF_8));
        chunker.close();
        chunker.close();
        letTimerRunPast(Duration.ofMillis(200));

        assertThat(chunks).extracting(Chunk::text).containsExactly("tail");
    }

    // OB12, adapted: close does not wait for a writer that keeps appending, and loses none of its bytes
    @Test
    void closesWhileAnotherThreadKeepsAppendingWithoutLosingAcceptedBytes() throws Exception {
        OutputChunker chunker = chunker();
        ByteArrayOutputStream accepted = new ByteArrayOutputStream();
        AtomicLong appends = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (long i = 0; ; i++) {
                byte[] line = ("line " + i + "\r\n").getBytes(UTF_8);
                try {
                    append(chunker, line);
                } catch (IllegalStateException closed) {
                    return;
                }
                accepted.writeBytes(line);
                appends.incrementAndGet();
            }
        });
        await("the writer to get going", () -> appends.get() > 1000 && !chunks.isEmpty());

        assertTimeoutPreemptively(Duration.ofSeconds(5), chunker::close);

        assertThat(writer.join(Duration.ofSeconds(5))).as("writer stopped by the close").isTrue();
        String expected = accepted.toString(UTF_8).replace("\r\n", "\n");
        assertThat(new String(concatenation(), UTF_8)).isEqualTo(expected);
    }

    @Test
    void refusesOutputAfterTheCommandEnded() {
        OutputChunker chunker = chunker();
        chunker.close();

        assertThatThrownBy(() -> append(chunker, "late".getBytes(UTF_8)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(chunks).isEmpty();
    }

    @Test
    void measuresTheHoldFromTheLastAppend() throws Exception {
        AtomicLong now = new AtomicLong();
        OutputChunker chunker = new OutputChunker(bytes -> chunks.add(new Chunk(bytes, System.nanoTime())), timer,
                now::get);

        append(chunker, "first ".getBytes(UTF_8));
        now.set(TimeUnit.MILLISECONDS.toNanos(60));
        append(chunker, "second".getBytes(UTF_8));
        now.set(TimeUnit.MILLISECONDS.toNanos(120));
        letTimerRunPast(Duration.ofMillis(300));

        assertThat(chunks).as("emitted while the last append is 60 ms old").isEmpty();

        now.set(TimeUnit.MILLISECONDS.toNanos(160));
        await("the output", () -> !chunks.isEmpty());
        chunker.close();

        assertThat(chunks).extracting(Chunk::text).containsExactly("first second");
    }
}
