package dev.outrider.log;

import dev.outrider.event.LogEntryPublisher;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
        if (closed) {
            throw new IllegalStateException("log of job '" + jobId + "' is closed");
        }
        StringBuilder lines = new StringBuilder(events.size() * 160);
        for (LogEvent event : events) {
            EventJson.appendTo(lines, event).append('\n');
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw EventJson.failure("cannot write the log spool " + spool + " of job '" + jobId + "'", e);
        }
        Instant now = Instant.now(clock);
        for (LogEvent event : events) {
            publisher.publish(new JobLogEntry(jobId, size++, now, event));
        }
        return size - 1;
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
