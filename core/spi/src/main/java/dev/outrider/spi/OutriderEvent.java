package dev.outrider.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything that happens in {@code outrider start}, as one closed family of immutable facts: what
 * agents do (register, sync, change state, disconnect), what their jobs do (accepted, started,
 * steps, finished), how their logs get to the control plane, and what the toolbox moves. Published
 * on the core's event bus by the code where it happens and handed to every {@link LogSink}
 * ({@link LogSink#onEvent}); the core's console log, metrics and health state listen to the same
 * events. The job log itself stays in {@link JobLogEntry}: these events are for watching the agent.
 *
 * <p>New records may join this family in later versions: a {@code switch} over it should have a
 * {@code default} branch. The four records of {@link AgentEvent} are a fixed view derived from it.
 */
public sealed interface OutriderEvent {

    /** @return the agent's name as the control plane knows it (its label until it registered) */
    String agent();

    /** @return the agent type's label in the configuration */
    String agentType();

    /** @return the job it concerns, {@code ""} when none */
    default String jobId() {
        return "";
    }

    /** @return when it happened */
    Instant at();

    /** What an agent is doing, as operators see it. */
    enum AgentStatus {
        /** waiting for a job */
        IDLE,
        /** running a job (from accepting it to reporting its result) */
        RUNNING,
        /** shutting down: it takes no more jobs */
        SHUTTING_DOWN
    }

    /**
     * The agent registered with the control plane.
     *
     * @param label        how the agent log names the agent: its type's label, with {@code #n} when the
     *                     type runs several agents
     * @param controlPlane the control plane's base URL (no token)
     */
    record AgentRegistered(String agent, String agentType, String label, String controlPlane, Instant at)
            implements OutriderEvent {
        public AgentRegistered {
            EventFields.named(agent, agentType, at);
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(controlPlane, "controlPlane");
        }
    }

    /**
     * A sync with the control plane failed.
     *
     * @param failingSince     when the first of the failures in a row happened
     * @param sinceLastSuccess how long ago the last successful sync (or the registration) was, on the
     *                         agent's monotonic clock
     * @param givingUp         whether this failure ends the agent: no sync succeeded for longer than it
     *                         may go without one, so it takes no more jobs and shuts down
     * @param problem          what went wrong (no tokens)
     */
    record SyncFailed(String agent, String agentType, Instant failingSince, Duration sinceLastSuccess,
                      boolean givingUp, String problem, Instant at) implements OutriderEvent {
        public SyncFailed {
            EventFields.named(agent, agentType, at);
            Objects.requireNonNull(failingSince, "failingSince");
            Objects.requireNonNull(sinceLastSuccess, "sinceLastSuccess");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * A sync succeeded after one or more failed.
     *
     * @param failingSince when the first failure of the run that ended happened
     */
    record SyncRecovered(String agent, String agentType, Instant failingSince, Instant at) implements OutriderEvent {
        public SyncRecovered {
            EventFields.named(agent, agentType, at);
            Objects.requireNonNull(failingSince, "failingSince");
        }
    }

    /**
     * The agent's status changed.
     *
     * @param status what it does now
     * @param reason why it shuts down ({@code REQUESTED}, {@code IDLE}, {@code UNABLE_TO_SYNC}, ...);
     *               {@code ""} for the other statuses
     */
    record StateChanged(String agent, String agentType, AgentStatus status, String reason, Instant at)
            implements OutriderEvent {
        public StateChanged {
            EventFields.named(agent, agentType, at);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The agent told the control plane it is gone, or gave up trying.
     *
     * @param acknowledged whether the control plane answered the disconnect; {@code false} when every
     *                     attempt failed and the agent shuts down anyway
     */
    record Disconnected(String agent, String agentType, boolean acknowledged, Instant at) implements OutriderEvent {
        public Disconnected {
            EventFields.named(agent, agentType, at);
        }
    }

    /** The control plane gave the agent a job. */
    record JobAccepted(String agent, String agentType, String jobId, Instant at) implements OutriderEvent {
        public JobAccepted {
            EventFields.job(agent, agentType, jobId, at);
        }
    }

    /** The job's executor is up and its first step is about to run. */
    record JobStarted(String agent, String agentType, String jobId, Instant at) implements OutriderEvent {
        public JobStarted {
            EventFields.job(agent, agentType, jobId, at);
        }
    }

    /**
     * A step (a command, an epilogue command, or one the agent runs itself) started.
     *
     * @param step the step's directive, as the job log shows it
     */
    record StepStarted(String agent, String agentType, String jobId, String step, Instant at)
            implements OutriderEvent {
        public StepStarted {
            EventFields.job(agent, agentType, jobId, at);
            Objects.requireNonNull(step, "step");
        }
    }

    /**
     * A step finished.
     *
     * @param step     the step's directive
     * @param exitCode its exit code
     * @param duration how long it ran
     */
    record StepFinished(String agent, String agentType, String jobId, String step, int exitCode, Duration duration,
                        Instant at) implements OutriderEvent {
        public StepFinished {
            EventFields.job(agent, agentType, jobId, at);
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * The job ended and its log was delivered (or the upload's upper bound passed): its result goes
     * to the control plane.
     *
     * @param result   the job's result
     * @param duration from accepting the job to this moment
     */
    record JobFinished(String agent, String agentType, String jobId, JobResult result, Duration duration, Instant at)
            implements OutriderEvent {
        public JobFinished {
            EventFields.job(agent, agentType, jobId, at);
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * The control plane accepted a batch of the job's log.
     *
     * @param events how many events the batch held
     * @param bytes  how many bytes of log it held
     */
    record LogUploaded(String agent, String agentType, String jobId, long events, long bytes, Instant at)
            implements OutriderEvent {
        public LogUploaded {
            EventFields.job(agent, agentType, jobId, at);
        }
    }

    /**
     * A push of the job's log failed and will be retried.
     *
     * @param problem what went wrong (no tokens)
     */
    record LogUploadRetried(String agent, String agentType, String jobId, String problem, Instant at)
            implements OutriderEvent {
        public LogUploadRetried {
            EventFields.job(agent, agentType, jobId, at);
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * What of the job's log the control plane has not accepted yet changed.
     *
     * @param events events written to the job's spool but not accepted yet
     * @param bytes  their bytes
     */
    record LogBacklogChanged(String agent, String agentType, String jobId, long events, long bytes, Instant at)
            implements OutriderEvent {
        public LogBacklogChanged {
            EventFields.job(agent, agentType, jobId, at);
        }
    }

    /**
     * The job looked up, restored or stored a cache entry.
     *
     * @param operation {@code lookup} (a {@code cache restore} looking for its keys: no bytes),
     *                  {@code restore} (the archive sent to the job) or {@code store}
     * @param hit       for a lookup, whether a key matched; for a restore, whether the entry was
     *                  there; a store is {@code true}
     * @param bytes     bytes of archive moved
     */
    record CacheTransfer(String agent, String agentType, String jobId, String operation, boolean hit, long bytes,
                         Instant at) implements OutriderEvent {
        public CacheTransfer {
            EventFields.job(agent, agentType, jobId, at);
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * A toolbox command of the job moved bytes (e.g. {@code artifact push}).
     *
     * @param command the command and its subcommand
     * @param bytes   bytes moved
     */
    record ToolboxTransfer(String agent, String agentType, String jobId, String command, long bytes, Instant at)
            implements OutriderEvent {
        public ToolboxTransfer {
            EventFields.job(agent, agentType, jobId, at);
            Objects.requireNonNull(command, "command");
        }
    }
}
