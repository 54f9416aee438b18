package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent Job as the controller reads it from the cluster (its own, or upstream's controller's:
 * they carry the same labels).
 *
 * @param name       the Job's name
 * @param jobId      the Semaphore job it runs an agent for ({@code semaphoreci.com/job-id})
 * @param agentType  the agent type ({@code semaphoreci.com/agent-type})
 * @param outcome    whether it finished, and how
 * @param createdAt  its creation
 * @param finishedAt when it completed or failed (its creation if the cluster says no more)
 * @param started    whether its pod got ready at some point (or ended)
 * @param deleting   whether it is being deleted
 */
record AgentJob(String name, String jobId, String agentType, Outcome outcome, Instant createdAt,
                Instant finishedAt, boolean started, boolean deleting) {

    /** Whether a Job finished, and how. */
    enum Outcome { UNFINISHED, COMPLETE, FAILED }

    /**
     * @param job a Job labelled {@code semaphoreci.com/resource-type=semaphore-job}
     * @param now the time to use for a timestamp the cluster left out
     * @return the view, empty for a Job without the job-id label
     */
    static Optional<AgentJob> of(Job job, Instant now) {
        Map<String, String> labels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
        String jobId = labels.get(AgentJobTemplate.JOB_ID_LABEL);
        if (jobId == null || jobId.isEmpty()) {
            return Optional.empty();
        }
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        Instant created = time(job.getMetadata().getCreationTimestamp()).orElse(now);
        Optional<JobCondition> complete = condition(status, "Complete");
        Optional<JobCondition> failed = condition(status, "Failed");
        Outcome outcome = complete.isPresent() ? Outcome.COMPLETE : failed.isPresent() ? Outcome.FAILED
                : Outcome.UNFINISHED;
        Instant finished = switch (outcome) {
            case COMPLETE -> time(status.getCompletionTime())
                    .or(() -> time(complete.get().getLastTransitionTime())).orElse(created);
            case FAILED -> time(failed.get().getLastTransitionTime()).orElse(created);
            case UNFINISHED -> created;
        };
        boolean started = positive(status.getReady()) || positive(status.getSucceeded()) || positive(status.getFailed());
        return Optional.of(new AgentJob(job.getMetadata().getName(), jobId,
                labels.getOrDefault(AgentType.TYPE_LABEL, ""), outcome, created, finished, started,
                job.getMetadata().getDeletionTimestamp() != null));
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        List<JobCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static boolean positive(Integer count) {
        return count != null && count > 0;
    }

    private static Optional<Instant> time(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
