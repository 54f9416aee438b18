package dev.outrider.kubernetes.controller;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the controller's ticks found and did, for its status server: whether the last tick could read
 * the cluster, the agent Jobs by state, and counts of what it created, deleted and failed to poll.
 * The controller's thread writes; the server's threads read {@link #snapshot()}s.
 */
final class ControllerStatus {

    /** Where an agent Job is, as the metrics name it. */
    enum JobState {
        /** created, its pod not ready yet */
        STARTING,
        /** its pod got ready: an agent runs (or ran) the job */
        RUNNING,
        /** completed, kept for KEEP_SUCCESSFUL_JOBS_FOR */
        SUCCEEDED,
        /** failed, kept for KEEP_FAILED_JOBS_FOR */
        FAILED
    }

    /** Why the controller deleted an agent Job. */
    enum Deletion {
        COMPLETED, FAILED, START_TIMEOUT
    }

    /** A tick that could not read the cluster, and since when ticks fail. */
    record Failure(String problem, Instant since) {
    }

    /**
     * @param maxParallelJobs    MAX_PARALLEL_JOBS
     * @param firstSuccess       when a tick first succeeded; empty before
     * @param lastSuccess        when the last successful tick ended; empty before the first
     * @param failure            the failure of the last tick, if it failed
     * @param ticksFailed        ticks that could not read the cluster
     * @param jobs               agent Jobs by agent type and state, as the last successful tick left them
     * @param created            agent Jobs created, by agent type
     * @param deleted            agent Jobs deleted, by agent type and why
     * @param pollsFailed        queue polls that failed, by agent type
     * @param agentTypes         every agent type seen (in Secrets or on Jobs), sorted, for series at 0
     */
    record Snapshot(int maxParallelJobs, Optional<Instant> firstSuccess, Optional<Instant> lastSuccess,
                    Optional<Failure> failure, long ticksFailed, Map<String, Map<JobState, Integer>> jobs,
                    Map<String, Long> created, Map<String, Map<Deletion, Long>> deleted,
                    Map<String, Long> pollsFailed, List<String> agentTypes) {
    }

    private final int maxParallelJobs;
    private Instant firstSuccess;
    private Instant lastSuccess;
    private Failure failure;
    private long ticksFailed;
    private Map<String, Map<JobState, Integer>> jobs = Map.of();
    private final Map<String, Long> created = new HashMap<>();
    private final Map<String, Map<Deletion, Long>> deleted = new HashMap<>();
    private final Map<String, Long> pollsFailed = new HashMap<>();
    private final Set<String> agentTypes = new TreeSet<>();

    ControllerStatus(int maxParallelJobs) {
        this.maxParallelJobs = maxParallelJobs;
    }

    /** A tick listed the Jobs and read the Secrets; these Jobs (by type and state) are left. */
    synchronized void tickSucceeded(Instant at, Map<String, Map<JobState, Integer>> jobsLeft, Set<String> types) {
        if (firstSuccess == null) {
            firstSuccess = at;
        }
        lastSuccess = at;
        failure = null;
        Map<String, Map<JobState, Integer>> copy = new TreeMap<>();
        jobsLeft.forEach((type, states) -> copy.put(type, Map.copyOf(states)));
        jobs = Collections.unmodifiableMap(copy);
        agentTypes.addAll(types);
        agentTypes.addAll(jobsLeft.keySet());
    }

    /** A tick could not read the cluster. */
    synchronized void tickFailed(Instant at, String problem) {
        failure = new Failure(problem, failure == null ? at : failure.since());
        ticksFailed++;
    }

    synchronized void created(String type) {
        created.merge(type, 1L, Long::sum);
        agentTypes.add(type);
    }

    synchronized void deleted(String type, Deletion why) {
        deleted.computeIfAbsent(type, t -> new EnumMap<>(Deletion.class)).merge(why, 1L, Long::sum);
        agentTypes.add(type);
    }

    synchronized void pollFailed(String type) {
        pollsFailed.merge(type, 1L, Long::sum);
        agentTypes.add(type);
    }

    synchronized Snapshot snapshot() {
        Map<String, Map<Deletion, Long>> deletedCopy = new HashMap<>();
        deleted.forEach((type, reasons) -> deletedCopy.put(type, Map.copyOf(reasons)));
        return new Snapshot(maxParallelJobs, Optional.ofNullable(firstSuccess), Optional.ofNullable(lastSuccess),
                Optional.ofNullable(failure), ticksFailed, jobs, Map.copyOf(created), Map.copyOf(deletedCopy),
                Map.copyOf(pollsFailed), List.copyOf(agentTypes));
    }
}
