package dev.outrider.app;

import dev.outrider.agent.Agent;
import dev.outrider.agent.AgentConsoleLog;
import dev.outrider.agent.AgentFactory;
import dev.outrider.agent.AgentSupervisor;
import dev.outrider.agent.AgentTypeCheck;
import dev.outrider.config.AgentConfig;
import dev.outrider.config.OutriderConfig;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.event.EventListenerHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.protocol.HttpTransport;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.protocol.ProxySettings;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.sink.ConfiguredLogSinks;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginException;
import dev.outrider.status.StatusServer;
import dev.outrider.status.prometheus.PrometheusMetrics;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@code outrider start} runs: the configured agents, their log sinks and the status server. */
public final class AgentRuntime {

    private final OutriderConfig config;
    private final OutriderInfo info;
    private final Vertx vertx;
    private final AgentTypeCheck check;
    private final AgentFactory agents;
    private final ConfiguredLogSinks sinks;
    private final EventBusLogPublisher events;
    private final EventListenerHost listeners;
    private final Clock clock;

    /**
     * @param config    the configuration: agent types, log sinks, status address
     * @param info      the version the agents announce
     * @param vertx     the core's Vert.x (for the HTTP clients and the status server)
     * @param check     what every agent type must pass before any agent registers
     * @param agents    makes the agents
     * @param sinks     the configured log sinks
     * @param events    the bus publisher (how many events the sinks and listeners must have seen)
     * @param listeners where the agent log and the sinks listen (awaited before the process exits)
     * @param clock     for the status server's probes
     */
    @Inject
    public AgentRuntime(OutriderConfig config, OutriderInfo info, Vertx vertx, AgentTypeCheck check,
                        AgentFactory agents, ConfiguredLogSinks sinks,
                        EventBusLogPublisher events, EventListenerHost listeners, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.info = Objects.requireNonNull(info, "info");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.check = Objects.requireNonNull(check, "check");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.events = Objects.requireNonNull(events, "events");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts the agent log's listener, attaches the log sinks, checks every agent type, then makes
     * each agent (one HTTP client per agent type) and, when {@code status-address} is set, starts
     * the status server. Nothing has registered yet.
     *
     * @return the agents, ready to run
     * @throws UnknownExtensionException naming a log sink, executor, cache backend or artifact store that is not installed
     * @throws PluginException           naming the agent type or sink whose options a plugin refused
     * @throws IllegalArgumentException  naming an agent type's setting the HTTP client cannot use
     * @throws IllegalStateException     naming the status address when it cannot be bound
     */
    public AgentFleet prepare() {
        List<HttpTransport> transports = new ArrayList<>();
        try {
            listeners.attach("agent-log", new AgentConsoleLog());
            sinks.attach();
            config.agents().forEach(check::check); // every type, before any agent registers
            List<Agent> made = new ArrayList<>();
            ProxySettings proxies = ProxySettings.fromEnvironment(System.getenv());
            for (AgentConfig type : config.agents()) {
                HttpTransport transport = HttpTransport.create(vertx, type.caFile(), proxies);
                transports.add(transport);
                SemaphoreApi api = new SemaphoreApi(transport, type.endpoint(), !type.noHttps(), info.version());
                LogPushClient logs = new LogPushClient(transport, info.version());
                for (int n = 1; n <= type.count(); n++) {
                    String label = type.count() == 1 ? type.label() : type.label() + "#" + n;
                    made.add(agents.create(type, label, api, logs));
                }
            }
            return new AgentFleet(new AgentSupervisor(made), status(made), transports, listeners, events);
        } catch (RuntimeException e) {
            transports.forEach(HttpTransport::close);
            throw e;
        }
    }

    private Optional<StatusServer> status(List<Agent> made) {
        if (config.statusAddress().isEmpty()) {
            return Optional.empty();
        }
        // PrometheusMetrics.create() is typed as the interface: with status off no metrics class loads
        return Optional.of(StatusServer.start(vertx, config.statusAddress().get(),
                made.stream().map(Agent::label).toList(), PrometheusMetrics.create(), clock));
    }
}
