package dev.outrider.event;

import dev.outrider.spi.JobLogEntry;

/** Hands stored log entries to whatever listens (the event bus, in the running agent). */
@FunctionalInterface
public interface LogEntryPublisher {

    /** @param entry an entry already written to its job's spool */
    void publish(JobLogEntry entry);

    /**
     * @return whether anyone takes entries now; when not, a job's log may skip making them (it still stores
     *         every event in its spool)
     */
    default boolean listening() {
        return true;
    }
}
