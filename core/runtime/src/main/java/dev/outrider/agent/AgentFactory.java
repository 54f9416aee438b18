package dev.outrider.agent;

import dev.outrider.config.AgentConfig;
import dev.outrider.config.OutriderConfig;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.job.JobLauncher;
import dev.outrider.plugin.PluginHost;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.spi.OutriderInfo;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Objects;

/**
 * Makes agents, their phases wired: what every agent of this process shares comes from Guice, what
 * differs per agent is given to {@link #create}.
 */
public final class AgentFactory {

    private final JobLauncher launcher;
    private final PluginHost plugins;
    private final OutriderConfig config;
    private final OutriderInfo info;
    private final AgentSurroundings surroundings;
    private final Clock clock;
    private final EventBusLogPublisher events;

    /**
     * @param launcher     prepares jobs
     * @param plugins      the installed executors
     * @param config       the configuration (for the log upload timeout)
     * @param info         the version the agents announce
     * @param surroundings the machine, environment and retry timing the agents run with
     * @param clock        for {@code interrupted_at} and sync bookkeeping
     * @param events       where the agents' and their jobs' events go (the event bus)
     */
    @Inject
    public AgentFactory(JobLauncher launcher, PluginHost plugins, OutriderConfig config, OutriderInfo info,
                        AgentSurroundings surroundings, Clock clock, EventBusLogPublisher events) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.config = Objects.requireNonNull(config, "config");
        this.info = Objects.requireNonNull(info, "info");
        this.surroundings = Objects.requireNonNull(surroundings, "surroundings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * @param type  the agent type's configuration
     * @param label how the agent log names this agent (type and number)
     * @param api   the agent type's control plane
     * @param logs  where the agent type's job logs go
     * @return the agent, its phases wired
     */
    public Agent create(AgentConfig type, String label, SemaphoreApi api, LogPushClient logs) {
        AgentContext context = new AgentContext(type, label, api, surroundings.timing(), clock, events::publish,
                new SyncState());
        JobTools tools = new JobTools(launcher, plugins.executors(), logs, config.logUploadTimeout(),
                surroundings.environment());
        return new Agent(context, new Registration(context, surroundings.facts(), surroundings.environment(),
                info.version()), new SyncLoop(context, tools, new Shutdown(context)));
    }
}
