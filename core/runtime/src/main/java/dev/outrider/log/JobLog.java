package dev.outrider.log;

import dev.outrider.event.LogEntryPublisher;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogEvent.CommandOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The log of one job. Each event is written to the job's spool file (one JSON line, Semaphore's
 * format) before anything else sees it, then published; the offset of an event is its line number.
 * Appends are serialised, so the spool and every listener see one order.
 *
 * <p>When the spool cannot be written (its disk is full), the log keeps only whole events, tells its
 * {@linkplain #whenStoringFails listener} once, and from then on drops command output; the job's own events
 * (steps, messages, its end) may then use a small reserve the log set aside when it was created, so that the
 * job's log still says what happened.
 */
public final class JobLog implements AutoCloseable {

    private final String jobId;
    private final Path spool;
    private final FileChannel channel;
    private final LogEntryPublisher publisher;
    private final Clock clock;
    /** Lines are written once this many bytes are ready, so that a big round needs no big buffer. */
    private static final int WRITE_SIZE = 256 * 1024;

    private final EventLines lines = new EventLines();
    private final SpoolMarks marks;
    /** Events written to the spool (the same as {@link #size} once an append is done). */
    private long storedEvents;
    private final SpoolReserve reserve;
    /** Written under the log's lock, read without it: the uploader asks often, and must not wait for a write. */
    private volatile long size;
    private long stored;
    private boolean closed;
    private IOException storeFailure;
    private long droppedOutput;
    private Consumer<IOException> failureListener = failure -> { };

    /**
     * @param jobId     the job's id
     * @param spool     the spool file to create, mode 0600 (it must not exist)
     * @param publisher who gets each stored entry
     * @param clock     the source of event timestamps
     */
    public JobLog(String jobId, Path spool, LogEntryPublisher publisher, Clock clock) {
        this(jobId, spool, publisher, clock, new SpoolMarks());
    }

    /**
     * @param jobId     the job's id
     * @param spool     the spool file to create, mode 0600 (it must not exist)
     * @param publisher who gets each stored entry
     * @param clock     the source of event timestamps
     * @param marks     told where whole events end after each write (for the uploader)
     */
    public JobLog(String jobId, Path spool, LogEntryPublisher publisher, Clock clock, SpoolMarks marks) {
        this.marks = Objects.requireNonNull(marks, "marks");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.spool = Objects.requireNonNull(spool, "spool");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.channel = FileChannel.open(spool, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw EventJson.failure("cannot create the job's log spool " + spool, e);
        }
        this.reserve = SpoolReserve.create(spool.resolveSibling(spool.getFileName() + ".reserve"));
    }

    /**
     * @param listener told once, from the thread that tried, when the spool could not be written (what follows:
     *                 see the class comment); it must not block
     */
    public synchronized void whenStoringFails(Consumer<IOException> listener) {
        this.failureListener = Objects.requireNonNull(listener, "listener");
    }

    /** @return why the spool could not be written, if it could not */
    public synchronized Optional<IOException> storeFailure() {
        return Optional.ofNullable(storeFailure);
    }

    /** @return how many {@code cmd_output} events were dropped because the spool could not be written */
    public synchronized long droppedOutput() {
        return droppedOutput;
    }

    /** @return Unix seconds now, for event timestamps */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    /**
     * Stores and publishes an event.
     *
     * @return the event's offset
     */
    public synchronized long append(LogEvent event) {
        return appendAll(List.of(event));
    }

    /**
     * Stores events with one write, then publishes them, in order.
     *
     * @return the offset of the last event
     */
    public synchronized long appendAll(List<? extends LogEvent> events) {
        requireOpen();
        lines.clear();
        for (LogEvent event : events) {
            lines.add(event);
        }
        if (!store(true)) {
            return size - 1;
        }
        if (publisher.listening()) {
            Instant now = Instant.now(clock);
            long offset = size;
            for (LogEvent event : events) {
                publisher.publish(new JobLogEntry(jobId, offset++, now, event));
            }
        }
        size += events.size();
        return size - 1;
    }

    /**
     * Stores {@code cmd_output} events of the output chunks with one write, then publishes them, in order; the
     * events' text is only made when someone listens for them.
     *
     * @param chunks what the command printed, chunked and {@code \r\n}-folded
     * @return the offset of the last event
     */
    public synchronized long appendOutput(List<byte[]> chunks) {
        requireOpen();
        long timestamp = now();
        lines.clear();
        int storedChunks = 0;
        int pending = 0;
        for (byte[] chunk : chunks) {
            lines.addOutput(timestamp, chunk);
            pending++;
            if (lines.length() >= WRITE_SIZE || pending + storedChunks == chunks.size()) {
                if (!store(false)) {
                    droppedOutput += chunks.size() - storedChunks;
                    break;
                }
                storedChunks += pending;
                pending = 0;
            }
        }
        if (publisher.listening()) {
            Instant now = Instant.now(clock);
            long offset = size;
            for (byte[] chunk : chunks.subList(0, storedChunks)) {
                publisher.publish(new JobLogEntry(jobId, offset++, now, new CommandOutput(timestamp, Utf8.decode(chunk))));
            }
        }
        size += storedChunks;
        return size - 1;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("log of job '" + jobId + "' is closed");
        }
    }

    /**
     * Writes the lines ready. Once the spool could not be written, output is dropped, and the job's own events
     * may use the reserve.
     *
     * @param own whether the lines are the job's own events rather than command output
     * @return whether they were stored
     */
    private boolean store(boolean own) {
        try {
            if (storeFailure != null && !own) {
                return false;
            }
            try {
                write();
                return true;
            } catch (IOException e) {
                if (storeFailure == null) {
                    storeFailure = e;
                    failureListener.accept(e);
                }
            }
            if (own && reserve.release()) {
                try {
                    write();
                    return true;
                } catch (IOException stillFull) {
                    return false;
                }
            }
            return false;
        } finally {
            lines.clear();
        }
    }

    /** Writes the lines whole or not at all: a failed write is cut back to the last whole event. */
    private void write() throws IOException {
        ByteBuffer buffer = lines.buffer();
        int length = buffer.remaining();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            try {
                channel.truncate(stored);
                channel.position(stored);
            } catch (IOException ignored) {
                // the spool keeps a partial line at its end, which the uploader never reads
            }
            throw e;
        }
        stored += length;
        storedEvents += lines.events();
        marks.add(stored, storedEvents);
    }

    /** @return how many events the log holds */
    public long size() {
        return size;
    }

    /** @return the spool file */
    public Path spool() {
        return spool;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reserve.release();
        try {
            channel.close();
        } catch (IOException e) {
            throw EventJson.failure("cannot close the log spool " + spool, e);
        }
    }
}
