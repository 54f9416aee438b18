package dev.outrider.event;

/**
 * The event bus addresses the core publishes on. Listeners register local consumers; messages are
 * the SPI's immutable records, passed by reference.
 */
public final class EventAddresses {

    /**
     * Every event of every job's log, as {@link dev.outrider.spi.JobLogEntry}, in each job's log
     * order, published after the event was written to the job's spool.
     */
    public static final String JOB_LOG = "outrider.job.log";

    /**
     * What agents and their jobs do, as {@link dev.outrider.spi.OutriderEvent} records, published by
     * the code where it happens ({@code outrider start} only). Log sinks, the console log, the
     * metrics and the health state listen here.
     */
    public static final String EVENTS = "outrider.events";

    private EventAddresses() {
    }
}
