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
     * What agents do, as {@link dev.outrider.spi.AgentEvent} records: registered, job accepted, job
     * reported, shutting down. Published by {@code outrider start}.
     */
    public static final String AGENT_LIFECYCLE = "outrider.agent.lifecycle";

    private EventAddresses() {
    }
}
