package dev.outrider.app;

import dev.outrider.agent.AgentSupervisor;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.event.EventListenerHost;
import dev.outrider.protocol.HttpTransport;
import dev.outrider.status.StatusServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The agents of {@code outrider start}, made and not yet registered; closing it stops serving and closes their HTTP clients. */
public final class AgentFleet implements AutoCloseable {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final AgentSupervisor supervisor;
    private final Optional<StatusServer> status;
    private final List<HttpTransport> transports;
    private final EventListenerHost listeners;
    private final EventBusLogPublisher events;

    AgentFleet(AgentSupervisor supervisor, Optional<StatusServer> status, List<HttpTransport> transports,
               EventListenerHost listeners, EventBusLogPublisher events) {
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.status = Objects.requireNonNull(status, "status");
        this.transports = List.copyOf(transports);
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Registers every agent and runs each until it shuts down, then gives the agent log and the log
     * sinks a moment to see the last events.
     *
     * @return 0 when every agent shut down as told, 1 when one could not register or sync
     */
    public int run() throws InterruptedException {
        int exit = supervisor.run();
        listeners.awaitDelivered(events, DRAIN_TIMEOUT);
        return exit;
    }

    /** The first SIGINT/SIGTERM: every agent reports it and waits for the control plane's answer. */
    public void interrupted() {
        supervisor.interrupted();
    }

    /** A second signal: stops every running job at once. */
    public void stopJobsNow() {
        supervisor.stopJobsNow();
    }

    @Override
    public void close() {
        if (status.isPresent()) { // no method reference: with status off, StatusServer must not even load
            status.get().close();
        }
        transports.forEach(HttpTransport::close);
    }
}
