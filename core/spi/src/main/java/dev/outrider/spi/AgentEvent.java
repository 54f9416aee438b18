package dev.outrider.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A fact of an agent's life, handed to every {@link LogSink} ({@link LogSink#onAgentEvent}): the
 * first, fixed view of the {@link OutriderEvent}s, kept so that sinks written for it keep working
 * (a {@code switch} over these four records stays exhaustive). New sinks override
 * {@link LogSink#onEvent} and see every {@link OutriderEvent}.
 */
public sealed interface AgentEvent {

    /**
     * @param event an event of the core
     * @return its view as one of these four records: registered, job accepted, job finished
     *         (as {@link JobReported}), shutting down; empty for every other event
     */
    static Optional<AgentEvent> of(OutriderEvent event) {
        return Optional.ofNullable(switch (event) {
            case OutriderEvent.AgentRegistered e -> new Registered(e.agent(), e.label(), e.at());
            case OutriderEvent.JobAccepted e -> new JobAccepted(e.agent(), e.jobId(), e.at());
            case OutriderEvent.JobFinished e -> new JobReported(e.agent(), e.jobId(), e.result(), e.at());
            case OutriderEvent.StateChanged e when e.status() == OutriderEvent.AgentStatus.SHUTTING_DOWN ->
                    new ShuttingDown(e.agent(), e.reason(), e.at());
            default -> null;
        });
    }

    /** @return the agent's name (as the control plane knows it) */
    String agent();

    /** @return when it happened */
    Instant at();

    /**
     * The agent registered with the control plane.
     *
     * @param agent the agent's name
     * @param label the agent type's label in the configuration
     * @param at    when
     */
    record Registered(String agent, String label, Instant at) implements AgentEvent {
        public Registered {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The control plane gave the agent a job.
     *
     * @param agent the agent's name
     * @param jobId the job
     * @param at    when
     */
    record JobAccepted(String agent, String jobId, Instant at) implements AgentEvent {
        public JobAccepted {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The agent's job ended and its log was delivered: the result goes to the control plane.
     *
     * @param agent  the agent's name
     * @param jobId  the job
     * @param result its result
     * @param at     when
     */
    record JobReported(String agent, String jobId, JobResult result, Instant at) implements AgentEvent {
        public JobReported {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The agent is shutting down.
     *
     * @param agent  the agent's name
     * @param reason why, as the shutdown hook sees it ({@code REQUESTED}, {@code IDLE}, ...)
     * @param at     when
     */
    record ShuttingDown(String agent, String reason, Instant at) implements AgentEvent {
        public ShuttingDown {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }
}
