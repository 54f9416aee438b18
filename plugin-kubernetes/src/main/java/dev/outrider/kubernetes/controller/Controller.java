package dev.outrider.kubernetes.controller;

import dev.outrider.kubernetes.controller.ControllerStatus.Deletion;
import dev.outrider.kubernetes.controller.ControllerStatus.JobState;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code outrider controller}'s loop: every poll interval (10 s) it tidies the agent Jobs it finds
 * (retention, start timeout), reads the agent types from their Secrets, asks Semaphore for each
 * type's queued jobs while there is room, and creates one agent Job per queued job it has no Job
 * for. All it knows comes from the cluster on each tick, so a restarted controller carries on from
 * the Jobs it finds. What each tick found and did goes to a {@link ControllerStatus} (its status server's).
 */
final class Controller {

    private final ControllerSettings settings;
    private final AgentJobs jobs;
    private final AgentTypeSecrets secrets;
    private final JobQueue queue;
    private final AgentJobTemplate template;
    private final ControllerLog log;
    private final InstantSource clock;
    private final RepeatedProblems problems;
    private final ControllerStatus status;

    /** Jobs whose pod was seen ready: a pod's readiness drops back to 0 before its Job completes. */
    private final Set<String> started = new HashSet<>();
    /** Finished Jobs already reported, so each is reported once. */
    private final Set<String> reportedFinished = new HashSet<>();
    private boolean firstTick = true;
    private String lastTypes = "";
    private final AtomicLong ticks = new AtomicLong();

    Controller(ControllerSettings settings, AgentJobs jobs, AgentTypeSecrets secrets, JobQueue queue,
               ControllerLog log, InstantSource clock, ControllerStatus status) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.template = new AgentJobTemplate(settings);
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.problems = new RepeatedProblems(log, clock);
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * Ticks until interrupted. A failure of the first tick to read the cluster ends the run (the
     * operator sees a missing permission at once); later ones are logged and retried.
     *
     * @throws KubernetesClientException when the first tick cannot read or write the cluster
     * @throws InterruptedException      when told to stop
     */
    void run() throws InterruptedException {
        log.info("starting in namespace '" + jobs.namespace() + "': polling " + settings.queuedJobsUrl() + " every "
                + DurationText.format(settings.pollInterval()) + ", at most " + settings.maxParallelJobs()
                + " agent Jobs" + settings.maxParallelJobsPerType().stream().mapToObj(cap -> " (" + cap
                + " per agent type)").findFirst().orElse("") + ", agent image " + settings.agentImage());
        tick();
        while (true) {
            Thread.sleep(settings.pollInterval().toMillis());
            try {
                tick();
                problems.over("kubernetes", "the Kubernetes API answers again");
            } catch (KubernetesClientException e) {
                problems.error("kubernetes", "Kubernetes API: " + KubernetesErrors.describe(e,
                        jobs.namespace()));
            } catch (RuntimeException e) {
                problems.error("kubernetes", "tick failed: " + e);
            }
        }
    }

    /** @return how many ticks ended, well or not (thread-safe) */
    long ticks() {
        return ticks.get();
    }

    /** One round: tidy, read the agent types, poll, create; its outcome goes to the status. */
    void tick() throws InterruptedException {
        try {
            round();
        } catch (KubernetesClientException e) {
            status.tickFailed(clock.instant(), "Kubernetes API: " + KubernetesErrors.describe(e, jobs.namespace()));
            throw e;
        } catch (RuntimeException e) {
            status.tickFailed(clock.instant(), "tick failed: " + e);
            throw e;
        } finally {
            ticks.incrementAndGet();
        }
    }

    private void round() throws InterruptedException {
        Instant now = clock.instant();
        Fleet fleet = tidy(jobs.list(now), now);
        AgentTypeSecrets.Found found = secrets.read();
        reportSecretProblems(found);
        try {
            serve(found, fleet);
        } finally {
            status.tickSucceeded(clock.instant(), fleet.states(),
                    found.types().stream().map(AgentType::name).collect(Collectors.toSet()));
        }
    }

    private void serve(AgentTypeSecrets.Found found, Fleet fleet) throws InterruptedException {
        if (found.types().isEmpty()) {
            problems.info("types", "no agent-type Secrets (label " + AgentTypeSecrets.RESOURCE_TYPE_LABEL
                    + "=" + AgentTypeSecrets.AGENT_TYPE_CONFIGURATION + ") in namespace '" + jobs.namespace()
                    + "': nothing to poll");
            lastTypes = "";
            return;
        }
        problems.forgetOthers("types", Set.of());
        String types = found.types().stream().map(type -> type.name() + " (Secret " + type.secretName() + ")")
                .collect(Collectors.joining(", "));
        if (!types.equals(lastTypes)) {
            log.info("agent types: " + types);
            lastTypes = types;
        }
        if (fleet.total() >= settings.maxParallelJobs()) {
            problems.info("full", fleet.total() + " unfinished agent Jobs, the most"
                    + " MAX_PARALLEL_JOBS allows: not polling until one finishes");
            return;
        }
        problems.over("full", "below MAX_PARALLEL_JOBS again: polling");
        Map<AgentType, List<String>> queued = new LinkedHashMap<>();
        for (AgentType type : found.types()) {
            if (fleet.count(type.name()) < cap(type)) {
                queued.put(type, poll(type));
            }
        }
        create(queued, fleet);
        Set<String> listed = queued.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        problems.forgetOthers("create:", listed.stream().map(id -> "create:" + id).collect(Collectors.toSet()));
        problems.forgetOthers("id:", listed.stream().map(id -> "id:" + id).collect(Collectors.toSet()));
    }

    private Fleet tidy(List<AgentJob> found, Instant now) {
        Set<String> names = found.stream().map(AgentJob::name).collect(Collectors.toSet());
        started.retainAll(names);
        reportedFinished.retainAll(names);
        problems.forgetOthers("delete:", names.stream().map(name -> "delete:" + name).collect(Collectors.toSet()));
        Fleet fleet = new Fleet();
        for (AgentJob job : found) {
            fleet.known.add(job.jobId());
            if (job.deleting()) {
                continue;
            }
            if (job.started()) {
                started.add(job.name());
            }
            switch (job.outcome()) {
                case COMPLETE -> {
                    if (!retire(job, "completed", settings.keepSuccessfulJobsFor(), "KEEP_SUCCESSFUL_JOBS_FOR", now,
                            Deletion.COMPLETED)) {
                        fleet.add(job.agentType(), JobState.SUCCEEDED);
                    }
                }
                case FAILED -> {
                    if (!retire(job, "failed", settings.keepFailedJobsFor(), "KEEP_FAILED_JOBS_FOR", now,
                            Deletion.FAILED)) {
                        fleet.add(job.agentType(), JobState.FAILED);
                    }
                }
                case UNFINISHED -> {
                    Duration waiting = Duration.between(job.createdAt(), now);
                    if (started.contains(job.name())) {
                        fleet.add(job.agentType(), JobState.RUNNING);
                    } else if (waiting.compareTo(settings.jobStartTimeout()) <= 0) {
                        fleet.add(job.agentType(), JobState.STARTING);
                    } else {
                        log.warn("agent Job " + job.name() + " (agent type '" + job.agentType()
                                + "') did not start within JOB_START_TIMEOUT="
                                + DurationText.format(settings.jobStartTimeout()) + ": deleting it");
                        if (!delete(job, Deletion.START_TIMEOUT)) {
                            fleet.add(job.agentType(), JobState.STARTING);
                        }
                    }
                }
            }
        }
        if (firstTick) {
            firstTick = false;
            log.info("found " + found.size() + " agent Jobs, " + fleet.total() + " of them unfinished");
        }
        return fleet;
    }

    /** @return whether the finished Job was deleted */
    private boolean retire(AgentJob job, String how, Duration keepFor, String setting, Instant now, Deletion why) {
        Instant deleteAt = job.finishedAt().plus(keepFor);
        boolean due = !now.isBefore(deleteAt);
        if (reportedFinished.add(job.name())) {
            log.info("agent Job " + job.name() + " (agent type '" + job.agentType() + "') " + how
                    + (due ? "" : "; keeping it for " + setting + "=" + DurationText.format(keepFor)));
        }
        return due && delete(job, why);
    }

    /** @return whether the Job was deleted */
    private boolean delete(AgentJob job, Deletion why) {
        try {
            jobs.delete(job.name());
            status.deleted(job.agentType(), why);
            return true;
        } catch (KubernetesClientException e) {
            problems.error("delete:" + job.name(), "cannot delete agent Job " + job.name() + ": "
                    + KubernetesErrors.describe(e, jobs.namespace()));
            return false;
        }
    }

    private void reportSecretProblems(AgentTypeSecrets.Found found) {
        Set<String> keys = new HashSet<>();
        found.problems().forEach((secret, problem) -> {
            keys.add("secret:" + secret);
            problems.error("secret:" + secret, problem);
        });
        problems.forgetOthers("secret:", keys);
    }

    private List<String> poll(AgentType type) throws InterruptedException {
        String key = "queue:" + type.name();
        try {
            List<String> ids = queue.queued(type);
            problems.over(key, "queue of agent type '" + type.name() + "' answers again");
            return ids;
        } catch (QueueException e) {
            status.pollFailed(type.name());
            problems.error(key, e.getMessage());
            return List.of();
        }
    }

    /** Creates Jobs taking the types in turn, so one long queue does not starve the others. */
    private void create(Map<AgentType, List<String>> queued, Fleet fleet) {
        int longest = queued.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (Map.Entry<AgentType, List<String>> entry : queued.entrySet()) {
                AgentType type = entry.getKey();
                if (i >= entry.getValue().size()) {
                    continue;
                }
                if (fleet.total() >= settings.maxParallelJobs()) {
                    return;
                }
                String jobId = entry.getValue().get(i);
                if (fleet.known.contains(jobId) || fleet.count(type.name()) >= cap(type)) {
                    continue;
                }
                if (!AgentJobTemplate.usableJobId(jobId)) {
                    problems.error("id:" + jobId, "queue of agent type '" + type.name() + "' lists job id '"
                            + jobId + "', which cannot name a Job (lower-case letters, digits and '-', at most "
                            + (63 - AgentJobTemplate.NAME_PREFIX.length()) + " characters): skipping it");
                    continue;
                }
                createOne(jobId, type, fleet);
            }
        }
    }

    private void createOne(String jobId, AgentType type, Fleet fleet) {
        String name = AgentJobTemplate.jobName(jobId);
        try {
            if (jobs.create(template.build(jobId, type))) {
                status.created(type.name());
                log.info("job " + jobId + " queued for agent type '" + type.name() + "': created agent Job "
                        + name);
            }
            fleet.known.add(jobId);
            fleet.add(type.name(), JobState.STARTING);
        } catch (KubernetesClientException e) {
            problems.error("create:" + jobId, "cannot create agent Job " + name + " for agent type '"
                    + type.name() + "': " + KubernetesErrors.describe(e, jobs.namespace()));
        }
    }

    private int cap(AgentType type) {
        return type.maxParallelJobs().orElse(settings.maxParallelJobsPerType().orElse(Integer.MAX_VALUE));
    }

    /** The agent Jobs by agent type and state, the unfinished ones among them, and every job id that has a Job. */
    private static final class Fleet {
        final Set<String> known = new HashSet<>();
        private final Map<String, Map<JobState, Integer>> states = new HashMap<>();
        private final Map<String, Integer> unfinished = new HashMap<>();
        private int total;

        void add(String type, JobState state) {
            states.computeIfAbsent(type, t -> new EnumMap<>(JobState.class)).merge(state, 1, Integer::sum);
            if (state == JobState.STARTING || state == JobState.RUNNING) {
                unfinished.merge(type, 1, Integer::sum);
                total++;
            }
        }

        /** @return the type's unfinished Jobs */
        int count(String type) {
            return unfinished.getOrDefault(type, 0);
        }

        /** @return the unfinished Jobs of all types */
        int total() {
            return total;
        }

        Map<String, Map<JobState, Integer>> states() {
            return states;
        }
    }
}
