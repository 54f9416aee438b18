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
import java.util.Set;

/**
 * The log of one job. Each event is written to the job's spool file (one JSON line, Semaphore's
 * format) before anything else sees it, then published; the offset of an event is its line number.
 * Appends are serialised, so the spool and every listener see one order.
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
    private long size;
    private boolean closed;

    /**
     * @param jobId     the job's id
     * @param spool     the spool file to create, mode 0600 (it must not exist)
     * @param publisher who gets each stored entry
     * @param clock     the source of event timestamps
     */
    public JobLog(String jobId, Path spool, LogEntryPublisher publisher, Clock clock) {
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
        store();
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
        for (byte[] chunk : chunks) {
            lines.addOutput(timestamp, chunk);
            if (lines.length() >= WRITE_SIZE) {
                store();
            }
        }
        store();
        if (publisher.listening()) {
            Instant now = Instant.now(clock);
            long offset = size;
            for (byte[] chunk : chunks) {
                publisher.publish(new JobLogEntry(jobId, offset++, now, new CommandOutput(timestamp, Utf8.decode(chunk))));
            }
        }
        size += chunks.size();
        return size - 1;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("log of job '" + jobId + "' is closed");
        }
    }

    private void store() {
        try {
            ByteBuffer buffer = lines.buffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw EventJson.failure("cannot write the log spool " + spool + " of job '" + jobId + "'", e);
        } finally {
            lines.clear();
        }
    }

    /** @return how many events the log holds */
    public synchronized long size() {
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
        try {
            channel.close();
        } catch (IOException e) {
            throw EventJson.failure("cannot close the log spool " + spool, e);
        }
    }
}
