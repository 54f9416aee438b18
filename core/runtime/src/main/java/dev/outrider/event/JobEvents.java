package dev.outrider.event;

import dev.outrider.spi.OutriderEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Publishes the events of one job, stamped with the name and type of the agent that runs it, the
 * job's id and the time. Handed to the code of the job that sees each thing happen (the runner,
 * the log uploader, the toolbox).
 */
public final class JobEvents {

    private final String agent;
    private final String agentType;
    private final String jobId;
    private final Consumer<OutriderEvent> bus;
    private final Clock clock;

    /**
     * @param agent     the agent's name
     * @param agentType the agent type's label
     * @param jobId     the job
     * @param bus       where the events go
     * @param clock     for the events' time
     */
    public JobEvents(String agent, String agentType, String jobId, Consumer<OutriderEvent> bus, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.agentType = Objects.requireNonNull(agentType, "agentType");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param jobId the job
     * @return events of a job no agent watches ({@code outrider run}, tests): they go nowhere
     */
    public static JobEvents unwatched(String jobId) {
        return new JobEvents("", "", jobId, event -> {
        }, Clock.systemUTC());
    }

    /** @return the job's id */
    public String jobId() {
        return jobId;
    }

    /** The job's executor is up. */
    public void started() {
        bus.accept(new OutriderEvent.JobStarted(agent, agentType, jobId, clock.instant()));
    }

    /** @param step the step's directive */
    public void stepStarted(String step) {
        bus.accept(new OutriderEvent.StepStarted(agent, agentType, jobId, step, clock.instant()));
    }

    /**
     * @param step     the step's directive
     * @param exitCode its exit code
     * @param duration how long it ran
     */
    public void stepFinished(String step, int exitCode, Duration duration) {
        bus.accept(new OutriderEvent.StepFinished(agent, agentType, jobId, step, exitCode, duration, clock.instant()));
    }

    /**
     * @param events events the control plane accepted
     * @param bytes  their bytes
     */
    public void logUploaded(long events, long bytes) {
        bus.accept(new OutriderEvent.LogUploaded(agent, agentType, jobId, events, bytes, clock.instant()));
    }

    /** @param problem why a push of the log is retried */
    public void logUploadRetried(String problem) {
        bus.accept(new OutriderEvent.LogUploadRetried(agent, agentType, jobId, problem, clock.instant()));
    }

    /**
     * @param events events not accepted yet
     * @param bytes  their bytes
     */
    public void logBacklog(long events, long bytes) {
        bus.accept(new OutriderEvent.LogBacklogChanged(agent, agentType, jobId, events, bytes, clock.instant()));
    }

    /**
     * @param operation {@code lookup}, {@code restore} or {@code store}
     * @param hit       whether a key matched (see {@link OutriderEvent.CacheTransfer})
     * @param bytes     bytes of archive moved
     */
    public void cacheTransfer(String operation, boolean hit, long bytes) {
        bus.accept(new OutriderEvent.CacheTransfer(agent, agentType, jobId, operation, hit, bytes, clock.instant()));
    }

    /**
     * @param command the toolbox command (and subcommand)
     * @param bytes   bytes moved
     */
    public void toolboxTransfer(String command, long bytes) {
        bus.accept(new OutriderEvent.ToolboxTransfer(agent, agentType, jobId, command, bytes, clock.instant()));
    }
}
