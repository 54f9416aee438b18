package dev.outrider.spi;

/**
 * Receives the events of job logs, and the events of agents ({@link OutriderEvent}). The core calls {@link #accept} from one thread per sink, in
 * the order of each job's log, after the event is safely stored; a sink may block (write files,
 * call services) without slowing the job down. A sink that throws is reported in the agent log and
 * keeps receiving later events.
 */
public interface LogSink extends AutoCloseable {

    /** @param entry the next event of a job's log */
    void accept(JobLogEntry entry);

    /**
     * Every event of the core ({@code outrider start} only), in order, on the same thread as
     * {@link #accept}. By default hands the events that have an {@link AgentEvent} view to
     * {@link #onAgentEvent}, so sinks written before this method keep seeing what they saw.
     *
     * @param event what happened
     */
    default void onEvent(OutriderEvent event) {
        AgentEvent.of(event).ifPresent(this::onAgentEvent);
    }

    /**
     * A fact of an agent's life ({@code outrider start} only), in order, on the same thread as
     * {@link #accept}. Ignored unless overridden.
     *
     * @param event what happened
     */
    default void onAgentEvent(AgentEvent event) {
    }

    /** Flushes and releases what the sink holds; called once, after its last event. */
    @Override
    default void close() {
    }
}
