package dev.outrider.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A log event as it travels to log sinks: the event, the job it belongs to and its position.
 *
 * @param jobId     the job's id ({@code ""} for a local job without one)
 * @param offset    the event's 0-based line number in the job's log
 * @param emittedAt when the event was emitted, more precisely than the event's own timestamp
 * @param event     the event
 */
public record JobLogEntry(String jobId, long offset, Instant emittedAt, LogEvent event) {
    public JobLogEntry {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(emittedAt, "emittedAt");
        Objects.requireNonNull(event, "event");
    }
}
