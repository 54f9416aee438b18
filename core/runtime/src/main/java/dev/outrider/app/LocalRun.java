package dev.outrider.app;

import dev.outrider.config.OutriderConfig;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.event.EventListenerHost;
import dev.outrider.job.JobLauncher;
import dev.outrider.job.PreparedJob;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.protocol.JobRequest;
import dev.outrider.sink.ConfiguredLogSinks;
import dev.outrider.sink.LogSinkHost;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.LogSink;
import dev.outrider.spi.PluginException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** What {@code outrider run} runs: one job here, its events to the command's own sinks and the configured ones. */
public final class LocalRun {

    private final OutriderConfig config;
    private final PluginHost plugins;
    private final LogSinkHost sinkHost;
    private final ConfiguredLogSinks sinks;
    private final JobLauncher launcher;
    private final EventBusLogPublisher events;
    private final EventListenerHost listeners;

    /**
     * @param config   the configuration: executor options, job settings, log sinks
     * @param plugins  the installed executors
     * @param sinkHost where the sinks run
     * @param sinks    the configured log sinks
     * @param launcher prepares the job
     * @param events    the bus publisher (how many events the sinks must have seen)
     * @param listeners where the sinks listen (awaited before the command exits)
     */
    @Inject
    public LocalRun(OutriderConfig config, PluginHost plugins, LogSinkHost sinkHost, ConfiguredLogSinks sinks,
                    JobLauncher launcher, EventBusLogPublisher events, EventListenerHost listeners) {
        this.config = Objects.requireNonNull(config, "config");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.sinkHost = Objects.requireNonNull(sinkHost, "sinkHost");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.events = Objects.requireNonNull(events, "events");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    /**
     * @param executor the executor's name
     * @return the executor's factory
     * @throws UnknownExtensionException naming the executor and the installed ones
     */
    public JobExecutorFactory executor(String executor) {
        return plugins.executor(executor);
    }

    /**
     * Attaches the command's own sinks (in their order), then the configured ones.
     *
     * @param ownSinks the command's sinks by the name the agent log gives them
     * @throws UnknownExtensionException naming a configured sink type that is not installed
     * @throws PluginException           when a configured sink refuses its options
     */
    public void attachSinks(Map<String, LogSink> ownSinks) {
        ownSinks.forEach(sinkHost::attach);
        sinks.attach();
    }

    /**
     * @param request  the job
     * @param executor the executor {@link #executor} returned
     * @return the job with the configuration's executor options and job settings, ready to run
     */
    public PreparedJob prepare(JobRequest request, JobExecutorFactory executor) {
        return launcher.prepare(request, executor, config.defaults().executorOptions(), config.defaults().job());
    }

    /** @return whether every sink saw every event published so far within the timeout */
    public boolean awaitSinks(Duration timeout) throws InterruptedException {
        return listeners.awaitDelivered(events, timeout);
    }
}
