package dev.outrider.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the bytes one command prints into {@code cmd_output} chunks, as Semaphore's agent does
 * (logs.md §4.2): while the command runs, chunks of at most 100 bytes once 100 bytes are there
 * (within 10 ms), or whatever is there once it sat for 100 ms; when the command ends, the rest at
 * once in chunks of at most 1000 bytes. While output comes faster than it goes out (more than 1000
 * bytes buffered), running chunks are up to 1000 bytes too. Chunks never split a valid UTF-8
 * character (unless invalid bytes interfere) nor a {@code \r\n}, and every {@code \r\n} becomes
 * {@code \n}, wherever the terminal's reads happened to end: a {@code \r} that ends what was read
 * so far waits for the next byte while the command runs (or until it sat for the hold time, so that a
 * progress bar's lone {@code \r} still goes out), and goes out as it is when the command ends.
 *
 * <p>Folding undoes a terminal's newline translation ({@code \n} became {@code \r\n}, and a program's own
 * {@code \r\n} became {@code \r\r\n}, which folds back to {@code \r\n}). Bytes of a terminal that does not
 * translate ({@code stty -opost}) are already what folding would give, and go out as they are.
 *
 * <p>Unlike Semaphore's agent, which holds a command's end for up to 100 ms, the rest is emitted
 * the moment the command ends. Thread-safe: the terminal reader appends while a timer flushes.
 */
public final class OutputChunker implements AutoCloseable {

    /** Chunk size while the command runs. */
    public static final int RUNNING_CHUNK = 100;
    /** Chunk size once the command ended. */
    public static final int CLOSED_CHUNK = 1000;
    /** How long a short output may wait for more bytes while the command runs. */
    public static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How long full chunks wait before they go out while the command runs, so that a command which
     * prints a few hundred bytes and ends at once still shows them as one event.
     */
    public static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How many bytes may wait to go out before the command's output is held back. */
    public static final int MAX_BUFFERED = 1024 * 1024;
    /**
     * The most chunks handed out at once: a big backlog goes out in parts, so that what is in flight stays small
     * enough to die young instead of being promoted (and growing the heap) by a collection in the middle of it.
     */
    public static final int MAX_CHUNKS_AT_ONCE = 256;

    private final Consumer<List<byte[]>> emit;
    private final List<byte[]> round = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoClock;

    private byte[] buffer = new byte[256];
    private int start;
    private int end;
    private long lastAppendNanos;
    private boolean closed;
    private boolean folding = true;
    private ScheduledFuture<?> pendingFlush;
    private long pendingDueNanos;

    /**
     * @param emit      receives each chunk, already {@code \r\n}-folded, in order
     * @param timer     runs the delayed flush of short outputs
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public OutputChunker(Consumer<byte[]> emit, ScheduledExecutorService timer, LongSupplier nanoClock) {
        this(emitEach(emit), timer, nanoClock, true);
    }

    /**
     * @param emitAll   receives the chunks of one flush round at once (up to {@link #MAX_CHUNKS_AT_ONCE}), in
     *                  order (so that they can be stored with one write)
     * @param timer     runs the delayed flush of short outputs
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param batched   marks this constructor
     */
    public OutputChunker(Consumer<List<byte[]>> emitAll, ScheduledExecutorService timer, LongSupplier nanoClock,
                         boolean batched) {
        this.emit = Objects.requireNonNull(emitAll, "emitAll");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Adds bytes a terminal that translates newlines printed; they go out from the timer, or when the command ends. */
    public synchronized void append(byte[] bytes, int offset, int length) {
        append(bytes, offset, length, true);
    }

    /**
     * Adds bytes the command printed; they go out from the timer, or when the command ends.
     *
     * @param translated whether a terminal translated their newlines ({@code \n} to {@code \r\n}), so that
     *                   {@code \r\n} is folded back to {@code \n}; when this changes (the job ran {@code stty}),
     *                   what is buffered goes out first, as it was printed
     */
    public synchronized void append(byte[] bytes, int offset, int length, boolean translated) {
        if (closed) {
            throw new IllegalStateException("output of a finished command");
        }
        if (length == 0) {
            return;
        }
        if (translated != folding) {
            drain();
            folding = translated;
        }
        ensureCapacity(length);
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
        lastAppendNanos = nanoClock.getAsLong();
        scheduleFlush(end - start >= RUNNING_CHUNK ? COALESCE_NANOS : HOLD_NANOS);
        // Back-pressure: a command that prints faster than its log is stored waits, as it would on a
        // slow terminal, instead of filling the agent's memory.
        while (end - start > MAX_BUFFERED && !closed) {
            scheduleFlush(0);
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Emits everything buffered now, as if the command had ended, but keeps accepting bytes. */
    public synchronized void drain() {
        while (end > start && flushStep(CLOSED_CHUNK, true, false) > 0) {
            // keep going
        }
        endRound();
    }

    /** The command ended: emits the rest at once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelPendingFlush();
        drain();
    }

    private synchronized void onTimer() {
        pendingFlush = null;
        if (closed || end == start) {
            return;
        }
        // A backlog (output faster than a chunk per round) goes out in chunks of up to 1000 bytes, as
        // Semaphore chunks a finished command's backlog: ten times fewer events for fast output.
        while (end - start >= RUNNING_CHUNK
                && flushStep(end - start > CLOSED_CHUNK ? CLOSED_CHUNK : RUNNING_CHUNK, false, true) > 0) {
            // full chunks go out as they are
        }
        long age = nanoClock.getAsLong() - lastAppendNanos;
        if (end > start && age >= HOLD_NANOS) {
            // a short remainder that sat long enough goes out, a lone \r of a progress bar too; a
            // cut-off character waits for its bytes
            flushStep(RUNNING_CHUNK, false, false);
        } else if (end > start) {
            scheduleFlush(HOLD_NANOS - age);
        }
        endRound();
    }

    private void endRound() {
        emitRound();
        notifyAll(); // an append waiting for room
    }

    private void emitRound() {
        if (!round.isEmpty()) {
            List<byte[]> chunks = List.copyOf(round);
            round.clear();
            emit.accept(chunks);
        }
    }

    private static Consumer<List<byte[]>> emitEach(Consumer<byte[]> emit) {
        Objects.requireNonNull(emit, "emit");
        return chunks -> chunks.forEach(emit);
    }

    private void scheduleFlush(long delayNanos) {
        long due = nanoClock.getAsLong() + Math.max(delayNanos, 0);
        if (pendingFlush != null) {
            if (due - pendingDueNanos >= 0) {
                return;
            }
            pendingFlush.cancel(false);
        }
        pendingDueNanos = due;
        pendingFlush = timer.schedule(this::onTimer, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
    }

    private void cancelPendingFlush() {
        if (pendingFlush != null) {
            pendingFlush.cancel(false);
            pendingFlush = null;
        }
    }

    /**
     * One flush step of logs.md §4.2.
     *
     * <p>Step 6 keeps a {@code \r} back when its {@code \n} is already buffered; with
     * {@code holdTrailingCr} a {@code \r} that is the last byte buffered is kept back too, until the
     * next byte shows whether it starts a {@code \r\n}. Without that, a terminal read that ends between
     * the two would let the {@code \r} go out alone and the pair would never be folded.
     *
     * @param chunk          the chunk size
     * @param finishing      whether the command ended (or a drain was asked for)
     * @param holdTrailingCr whether a {@code \r} at the end of the buffer waits for the next byte
     * @return how many buffered bytes it consumed
     */
    private int flushStep(int chunk, boolean finishing, boolean holdTrailingCr) {
        int length = end - start;
        if (length == 0) {
            return 0;
        }
        int cut = Math.min(chunk, length);
        if (!finishing || cut == chunk) {
            for (int tries = 0; tries < 4 && cut > 0 && !Utf8.isValid(buffer, start, start + cut); tries++) {
                cut--;
            }
        }
        if (cut <= 0) {
            return 0;
        }
        boolean crOpen = folding && buffer[start + cut - 1] == '\r'
                && (cut < length ? buffer[start + cut] == '\n' : holdTrailingCr && !finishing);
        if (crOpen) {
            cut--;
            if (cut == 0) {
                return 0;
            }
        }
        round.add(folding ? foldCrLf(buffer, start, start + cut) : Arrays.copyOfRange(buffer, start, start + cut));
        if (round.size() >= MAX_CHUNKS_AT_ONCE) {
            emitRound();
        }
        start += cut;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return cut;
    }

    private static byte[] foldCrLf(byte[] bytes, int from, int to) {
        int pairs = 0;
        for (int i = from; i < to - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                pairs++;
            }
        }
        if (pairs == 0) {
            return Arrays.copyOfRange(bytes, from, to);
        }
        byte[] out = new byte[to - from - pairs]; // exactly the folded length: one array per chunk, no trimmed copy
        int n = 0;
        int run = from; // start of the stretch that is copied as it is
        for (int i = from; i < to - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                System.arraycopy(bytes, run, out, n, i - run);
                n += i - run;
                run = i + 1;
            }
        }
        System.arraycopy(bytes, run, out, n, to - run);
        return out;
    }

    private void ensureCapacity(int extra) {
        if (end + extra <= buffer.length) {
            return;
        }
        int length = end - start;
        if (length + extra <= buffer.length / 2) {
            System.arraycopy(buffer, start, buffer, 0, length);
        } else {
            byte[] bigger = new byte[Math.max(buffer.length * 2, length + extra)];
            System.arraycopy(buffer, start, bigger, 0, length);
            buffer = bigger;
        }
        start = 0;
        end = length;
    }
}
