package dev.outrider.agent;

import dev.outrider.config.AgentConfig;
import dev.outrider.job.JobLauncher;
import dev.outrider.plugin.NamedExtensions;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.OutriderEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One agent of one agent type (protocol.md §4), in phases: {@link Registration}, then the
 * {@link SyncLoop} that runs one {@link JobSession} at a time, then {@link Shutdown}.
 */
public final class Agent {

    private final AgentContext context;
    private final Registration registration;
    private final SyncLoop syncLoop;

    /**
     * @param context      the agent's shared parts
     * @param registration its first phase
     * @param syncLoop     its working phase (which ends in shutdown)
     */
    public Agent(AgentContext context, Registration registration, SyncLoop syncLoop) {
        this.context = Objects.requireNonNull(context, "context");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.syncLoop = Objects.requireNonNull(syncLoop, "syncLoop");
    }

    /**
     * @param config           the agent type's configuration
     * @param label            how the agent log names this agent (type and number)
     * @param api              the control plane
     * @param logs             where job logs go
     * @param launcher         prepares jobs
     * @param executors        the installed executors
     * @param logUploadTimeout how long a finished job's log may keep being retried
     * @param timing           retry counts and intervals
     * @param facts            what the agent says about its machine
     * @param environment      the agent's environment (for {@code name-from-env})
     * @param version          the version the agent announces
     * @param clock            for {@code interrupted_at} and sync bookkeeping
     * @param events           where the agent's and its jobs' events go (the event bus)
     * @return the agent, its phases wired
     */
    public static Agent of(AgentConfig config, String label, SemaphoreApi api, LogPushClient logs, JobLauncher launcher,
                           NamedExtensions<JobExecutorFactory> executors, Duration logUploadTimeout,
                           ProtocolTiming timing, HostFacts facts, Map<String, String> environment, String version,
                           Clock clock, Consumer<OutriderEvent> events) {
        AgentContext context = new AgentContext(config, label, api, timing, clock, events, new SyncState());
        JobTools tools = new JobTools(launcher, executors, logs, logUploadTimeout, environment);
        return new Agent(context, new Registration(context, facts, environment, version),
                new SyncLoop(context, tools, new Shutdown(context)));
    }

    /** @return the agent's name (the control plane's, once registered) */
    public String name() {
        return context.state().name();
    }

    /** @return the agent's label in the agent log */
    public String label() {
        return context.label();
    }

    /** @return the agent's state */
    public AgentState state() {
        return context.state().state();
    }

    /**
     * Registers with the registration token, retrying as Semaphore's agent does.
     *
     * @throws AgentException when every attempt failed (naming the endpoint and the last HTTP status)
     */
    public void register() throws InterruptedException {
        registration.register();
    }

    /**
     * Syncs until the control plane says to shut down (or no sync succeeded for too long), then
     * disconnects and runs the shutdown hook.
     *
     * @return why the agent shut down
     */
    public ShutdownReason run() throws InterruptedException {
        return syncLoop.run();
    }

    /** Records the first SIGINT/SIGTERM/SIGHUP and tells the control plane at once. */
    public void interrupted() {
        context.state().interrupted(context.clock().instant().getEpochSecond());
    }

    /** Stops the running job at once (the process is about to exit). */
    public void stopJobNow() {
        context.state().current().ifPresent(ActiveJob::stop);
    }
}
