package dev.outrider.testkit;

import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.ByteScan;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.JobSnapshot;
import dev.outrider.testkit.controlplane.JobStatus;
import dev.outrider.testkit.controlplane.LogLineListener;
import dev.outrider.testkit.controlplane.LogStats;
import dev.outrider.testkit.controlplane.RecordedRequest;
import dev.outrider.testkit.controlplane.Registration;
import dev.outrider.testkit.controlplane.SyncExchange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Everything the fake control plane knows, and its decisions: agent types, agents, jobs, logs, faults to inject
 * and the recorded requests. One lock guards it all, so the event loop (answering the agent) and test threads
 * (scheduling, asserting) see one consistent state; every change bumps a version that waiters watch.
 */
final class ControlPlaneState {

    /** What to answer: a JSON body, or a text body (for errors and empty answers). */
    record Reply(int status, JsonObject json, String text) {

        static Reply json(JsonObject json) {
            return new Reply(200, json, null);
        }

        static Reply ok() {
            return new Reply(200, null, "");
        }

        static Reply error(int status, String message) {
            return new Reply(status, null, message);
        }
    }

    private static final String WAITING = "waiting-for-jobs";
    private static final String STARTING = "starting-job";
    private static final String RUNNING = "running-job";
    private static final String STOPPING = "stopping-job";
    private static final String FINISHED = "finished-job";

    private final InstantSource clock;
    private final LogLineListener streamed;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();

    private long version;
    private String logBaseUrl = "";
    private long nextSyncAfterMillis = 1000;
    private String requiredUserAgent;
    private boolean shutdownForAll;
    private final Set<String> shutdownForAgents = new HashSet<>();
    private final Map<String, String> typeByRegistrationToken = new HashMap<>();
    private final Map<String, Agent> agentsByAccessToken = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<Endpoint, Deque<Integer>> injectedFailures = new EnumMap<>(Endpoint.class);
    private final List<RecordedRequest> requests = new ArrayList<>();

    /**
     * @param clock    the clock of the time rules and recorded times
     * @param streamed takes each stored log line instead of the state (which then keeps only their count and
     *                 records log pushes without their body); {@code null} to keep the lines
     */
    ControlPlaneState(InstantSource clock, LogLineListener streamed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.streamed = streamed;
    }

    Instant now() {
        return clock.instant();
    }

    // ---- configuration (test threads) ----

    void logBaseUrl(String url) {
        synchronized (lock) {
            logBaseUrl = url;
        }
    }

    void addAgentType(String typeName, String registrationToken) {
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(registrationToken, "registrationToken");
        synchronized (lock) {
            String existing = typeByRegistrationToken.get(registrationToken);
            if (existing != null && !existing.equals(typeName)) {
                throw new IllegalArgumentException(
                        "registration token already belongs to agent type '" + existing + "'");
            }
            typeByRegistrationToken.put(registrationToken, typeName);
            changed();
        }
    }

    void nextSyncAfter(Duration interval) {
        synchronized (lock) {
            nextSyncAfterMillis = interval.toMillis();
            changed();
        }
    }

    void requireUserAgent(String userAgent) {
        synchronized (lock) {
            requiredUserAgent = userAgent;
            changed();
        }
    }

    void failNext(Endpoint endpoint, int status, int times) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        synchronized (lock) {
            Deque<Integer> queue = injectedFailures.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(status);
            }
            changed();
        }
    }

    String scheduleJob(String agentType, JsonObject request) {
        Objects.requireNonNull(request, "request");
        synchronized (lock) {
            if (agentType != null && !typeByRegistrationToken.containsValue(agentType)) {
                throw new IllegalArgumentException("unknown agent type '" + agentType + "'; known: "
                        + new HashSet<>(typeByRegistrationToken.values()));
            }
            JsonObject copy = request.copy();
            Object givenId = copy.getValue("job_id");
            String id = givenId instanceof String s && !s.isEmpty() ? s : UUID.randomUUID().toString();
            if (jobs.containsKey(id)) {
                throw new IllegalArgumentException("a job with id '" + id + "' was scheduled already");
            }
            copy.put("job_id", id);
            String token = newToken();
            copy.put("logger", new JsonObject()
                    .put("method", "push")
                    .put("url", logBaseUrl + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"))
                    .put("token", token));
            jobs.put(id, new Job(id, agentType, copy.encode(), token));
            changed();
            return id;
        }
    }

    void stopJob(String jobId) {
        synchronized (lock) {
            Job job = job(jobId);
            job.stopRequested = true;
            switch (job.status) {
                case QUEUED -> {
                    job.status = JobStatus.FINISHED;
                    job.result = "stopped";
                }
                case RUNNING -> job.status = JobStatus.STOPPING;
                default -> {
                    // stopping or finished already
                }
            }
            changed();
        }
    }

    void scheduleShutdown() {
        synchronized (lock) {
            shutdownForAll = true;
            changed();
        }
    }

    void scheduleShutdown(String agentName) {
        synchronized (lock) {
            shutdownForAgents.add(Objects.requireNonNull(agentName, "agentName"));
            changed();
        }
    }

    void logQuota(String jobId, int maxLines) {
        if (maxLines < 0) {
            throw new IllegalArgumentException("quota must not be negative: " + maxLines);
        }
        synchronized (lock) {
            job(jobId).quota = maxLines;
            changed();
        }
    }

    void expireLogToken(String jobId) {
        synchronized (lock) {
            job(jobId).logToken = null;
            changed();
        }
    }

    // ---- reading (test threads) ----

    List<AgentSnapshot> agents() {
        synchronized (lock) {
            return agentsByAccessToken.values().stream().map(Agent::snapshot).toList();
        }
    }

    List<JobSnapshot> jobs() {
        synchronized (lock) {
            return jobs.values().stream().map(Job::snapshot).toList();
        }
    }

    Optional<JobSnapshot> findJob(String jobId) {
        synchronized (lock) {
            return Optional.ofNullable(jobs.get(jobId)).map(Job::snapshot);
        }
    }

    JobSnapshot jobSnapshot(String jobId) {
        synchronized (lock) {
            return job(jobId).snapshot();
        }
    }

    List<String> events(String jobId) {
        synchronized (lock) {
            return List.copyOf(job(jobId).lines);
        }
    }

    List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    long version() {
        synchronized (lock) {
            return version;
        }
    }

    /** Waits until the version differs from {@code seen}, at most {@code maxWait}. */
    void awaitChange(long seen, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (lock) {
            long remaining;
            while (version == seen && (remaining = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
        }
    }

    /** Marks a change that is not in the state itself (e.g. the server stopped listening), to wake waiters. */
    void touch() {
        synchronized (lock) {
            changed();
        }
    }

    // ---- serving (event loop) ----

    /** @return whether stored log lines go to a listener instead of the state */
    boolean streamsLogs() {
        return streamed != null;
    }

    /** @return whether requests to the endpoint are recorded with their body (streamed log pushes are not) */
    boolean recordsBodyOf(Endpoint endpoint) {
        return !streamsLogs() || endpoint != Endpoint.LOGS;
    }

    /** Records a request; its body must be empty where {@link #recordsBodyOf} says so. */
    void record(RecordedRequest request) {
        synchronized (lock) {
            requests.add(request);
            changed();
        }
    }

    boolean acceptsUserAgent(String userAgent) {
        synchronized (lock) {
            return requiredUserAgent == null || requiredUserAgent.equals(userAgent);
        }
    }

    /** @return the status to fail this request with, or {@code null} to serve it */
    Integer takeInjectedFailure(Endpoint endpoint) {
        synchronized (lock) {
            Deque<Integer> queue = injectedFailures.get(endpoint);
            Integer status = queue == null ? null : queue.poll();
            if (status != null) {
                changed();
            }
            return status;
        }
    }

    Reply register(String authorization, String body) {
        synchronized (lock) {
            String registrationToken = credential(authorization, "Token ");
            String type = registrationToken == null ? null : typeByRegistrationToken.get(registrationToken);
            if (type == null) {
                return Reply.error(401, "unknown registration token");
            }
            Registration registration;
            try {
                JsonObject json = new JsonObject(body);
                registration = new Registration(text(json, "name"), text(json, "version"), number(json, "pid"),
                        text(json, "os"), text(json, "arch"), text(json, "hostname"), bool(json, "single_job"),
                        number(json, "idle_timeout"), number(json, "interruption_grace_period"),
                        text(json, "job_id"), body);
            } catch (RuntimeException e) {
                return Reply.error(400, "bad register body: " + e.getMessage());
            }
            String name = registration.name().isEmpty() ? generatedName() : registration.name();
            String accessToken = newToken();
            Agent agent = new Agent(name, type, registration, accessToken, now());
            agentsByAccessToken.put(accessToken, agent);
            changed();
            return Reply.json(new JsonObject().put("name", name).put("token", accessToken));
        }
    }

    Reply sync(String authorization, String body) {
        synchronized (lock) {
            Agent agent = agent(authorization);
            if (agent == null) {
                return Reply.error(401, "unknown access token");
            }
            String state;
            String jobId;
            String jobResult;
            long interruptedAt;
            try {
                JsonObject json = new JsonObject(body);
                state = text(json, "state");
                jobId = text(json, "job_id");
                jobResult = text(json, "job_result");
                interruptedAt = number(json, "interrupted_at");
            } catch (RuntimeException e) {
                return Reply.error(400, "bad sync body: " + e.getMessage());
            }
            Instant now = now();
            Decision decision = switch (state) {
                case WAITING -> whenWaiting(agent, interruptedAt, now);
                case STARTING, RUNNING -> whenRunning(agent, jobId, interruptedAt, now);
                case STOPPING -> Decision.CONTINUE;
                case FINISHED -> whenFinished(agent, jobId, jobResult, interruptedAt, now);
                default -> null;
            };
            if (decision == null) {
                return Reply.error(400, "unknown agent state '" + state + "'; expected one of " + WAITING + ", "
                        + STARTING + ", " + RUNNING + ", " + STOPPING + ", " + FINISHED);
            }
            agent.state = state;
            agent.lastSyncAt = now;
            agent.syncs.add(new SyncExchange(now, state, jobId, jobResult, interruptedAt, decision.action,
                    decision.jobId, decision.shutdownReason));
            if (!decision.shutdownReason.isEmpty()) {
                agent.shutdownReason = decision.shutdownReason;
            }
            changed();
            JsonObject answer = new JsonObject().put("action", decision.action);
            if (!decision.jobId.isEmpty()) {
                answer.put("job_id", decision.jobId);
            }
            if (!decision.shutdownReason.isEmpty()) {
                answer.put("shutdown_reason", decision.shutdownReason);
            }
            return Reply.json(answer.put("next_sync_after", nextSyncAfterMillis));
        }
    }

    /** The queued jobs agents of the registration token's type may take, oldest first ({@code kubernetes.md} §2.1). */
    Reply listQueuedJobs(String authorization) {
        synchronized (lock) {
            String registrationToken = credential(authorization, "Token ");
            String type = registrationToken == null ? null : typeByRegistrationToken.get(registrationToken);
            if (type == null) {
                return Reply.error(401, "unknown registration token");
            }
            JsonArray queued = new JsonArray();
            for (Job job : jobs.values()) {
                if (job.status == JobStatus.QUEUED && (job.agentType == null || job.agentType.equals(type))) {
                    queued.add(new JsonObject().put("id", job.id));
                }
            }
            return Reply.json(new JsonObject().put("jobs", queued));
        }
    }

    Reply getJob(String authorization, String jobId) {
        synchronized (lock) {
            Agent agent = agent(authorization);
            if (agent == null) {
                return Reply.error(401, "unknown access token");
            }
            Job job = jobs.get(jobId);
            if (job == null) {
                return Reply.error(404, "no job '" + jobId + "'");
            }
            if (job.agent != agent) {
                return Reply.error(401, "job '" + jobId + "' was not handed to this agent");
            }
            return Reply.json(new JsonObject(job.requestJson));
        }
    }

    Reply refresh(String authorization) {
        synchronized (lock) {
            Agent agent = agent(authorization);
            if (agent == null) {
                return Reply.error(401, "unknown access token");
            }
            Job job = agent.lastJobId == null ? null : jobs.get(agent.lastJobId);
            if (job == null) {
                return Reply.error(404, "the agent was never handed a job");
            }
            job.logToken = newToken();
            job.refreshes++;
            changed();
            return Reply.json(new JsonObject().put("token", job.logToken));
        }
    }

    Reply disconnect(String authorization) {
        synchronized (lock) {
            Agent agent = agent(authorization);
            if (agent == null) {
                return Reply.error(401, "unknown access token");
            }
            if (agent.disconnectedAt == null) {
                agent.disconnectedAt = now();
            }
            changed();
            return Reply.ok();
        }
    }

    /**
     * @param body the push's body, UTF-8 lines each ended by {@code \n}; the lines go to the streaming listener as
     *             ranges of this array, so a streamed push is never decoded
     */
    Reply pushLogs(String authorization, String jobId, List<String> startFromParams, byte[] body) {
        synchronized (lock) {
            Job job = jobs.get(jobId);
            if (job == null) {
                return Reply.error(404, "no job '" + jobId + "'");
            }
            job.logRequests++;
            changed();
            String token = credential(authorization, "Bearer ");
            if (token == null || job.logToken == null || !job.logToken.equals(token)) {
                job.unauthorized++;
                return Reply.error(401, "invalid log token");
            }
            if (job.status == JobStatus.FINISHED) {
                job.unauthorized++;
                return Reply.error(401, "job '" + jobId + "' is finished");
            }
            long startFrom;
            try {
                startFrom = startFromParams.size() == 1 ? Long.parseLong(startFromParams.getFirst()) : -1;
            } catch (NumberFormatException e) {
                startFrom = -1;
            }
            if (startFrom < 0) {
                return Reply.error(400, "expected one query parameter start_from=<offset ≥ 0>, got "
                        + startFromParams);
            }
            if (job.quota != null && job.stored >= job.quota) {
                job.overQuota++;
                return Reply.error(422, "log quota of " + job.quota + " lines reached");
            }
            if (startFrom > job.stored) {
                job.gaps++;
                return Reply.error(400, "gap: start_from=" + startFrom + " but only " + job.stored
                        + " lines are stored");
            }
            long offset = startFrom;
            // the lines end at each \n; a last line without one counts too, an empty one after the last \n not
            for (int from = 0, to; from < body.length; from = to + 1) {
                to = ByteScan.nextNewline(body, from, body.length);
                if (offset < job.stored) {
                    if (streamed == null) {
                        job.lines.set((int) offset, utf8(body, from, to));
                    }
                    job.duplicateLines++;
                } else {
                    if (streamed == null) {
                        job.lines.add(utf8(body, from, to));
                    } else {
                        streamed.stored(jobId, offset, body, from, to);
                    }
                    job.stored++;
                }
                offset++;
            }
            job.accepted++;
            return Reply.ok();
        }
    }

    private static String utf8(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    // ---- decisions (logs.md §10, protocol.md §4 and §7.3) ----

    private record Decision(String action, String jobId, String shutdownReason) {

        static final Decision CONTINUE = new Decision("continue", "", "");
        static final Decision WAIT_FOR_JOBS = new Decision("wait-for-jobs", "", "");

        static Decision shutdown(String reason) {
            return new Decision("shutdown", "", reason);
        }
    }

    private Decision whenWaiting(Agent agent, long interruptedAt, Instant now) {
        if (interruptedAt > 0) {
            return Decision.shutdown("interrupted");
        }
        if (shutdownScheduledFor(agent)) {
            return Decision.shutdown("requested");
        }
        long idleTimeout = agent.registration.idleTimeout();
        if (idleTimeout > 0 && Duration.between(agent.idleSince, now).compareTo(Duration.ofSeconds(idleTimeout)) > 0) {
            return Decision.shutdown("idle");
        }
        Job job = nextJobFor(agent);
        if (job != null) {
            job.status = JobStatus.RUNNING;
            job.agent = agent;
            agent.currentJobId = job.id;
            agent.lastJobId = job.id;
            return new Decision("run-job", job.id, "");
        }
        return Decision.CONTINUE;
    }

    private Decision whenRunning(Agent agent, String jobId, long interruptedAt, Instant now) {
        Job job = jobs.get(jobId);
        boolean graceOver = interruptedAt > 0
                && interruptedAt + agent.registration.interruptionGracePeriod() <= now.getEpochSecond();
        if ((job != null && job.stopRequested) || shutdownScheduledFor(agent) || graceOver) {
            if (job != null && job.status == JobStatus.RUNNING) {
                job.status = JobStatus.STOPPING;
            }
            return new Decision("stop-job", jobId, "");
        }
        return Decision.CONTINUE;
    }

    private Decision whenFinished(Agent agent, String jobId, String jobResult, long interruptedAt, Instant now) {
        Job job = jobs.get(jobId);
        if (job != null && job.agent == agent && job.status != JobStatus.FINISHED) {
            job.status = JobStatus.FINISHED;
            job.result = jobResult;
        }
        if (shutdownScheduledFor(agent)) {
            return Decision.shutdown("requested");
        }
        if (interruptedAt > 0) {
            return Decision.shutdown("interrupted");
        }
        if (agent.registration.singleJob()) {
            return Decision.shutdown("job-finished");
        }
        agent.currentJobId = null;
        agent.idleSince = now;
        return Decision.WAIT_FOR_JOBS;
    }

    private boolean shutdownScheduledFor(Agent agent) {
        return shutdownForAll || shutdownForAgents.contains(agent.name);
    }

    private Job nextJobFor(Agent agent) {
        String wanted = agent.registration.jobId();
        for (Job job : jobs.values()) {
            if (job.status == JobStatus.QUEUED
                    && (job.agentType == null || job.agentType.equals(agent.type))
                    && (wanted.isEmpty() || wanted.equals(job.id))) {
                return job;
            }
        }
        return null;
    }

    // ---- helpers ----

    private void changed() {
        version++;
        lock.notifyAll();
    }

    private Job job(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("no job '" + jobId + "'; scheduled: " + jobs.keySet());
        }
        return job;
    }

    private Agent agent(String authorization) {
        String token = credential(authorization, "Token ");
        return token == null ? null : agentsByAccessToken.get(token);
    }

    private static String credential(String authorization, String scheme) {
        if (authorization == null || !authorization.startsWith(scheme)) {
            return null;
        }
        String value = authorization.substring(scheme.length());
        return value.isEmpty() ? null : value;
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Like the Go agent's own names (protocol.md §10): 15 random bytes, URL-safe base64, 20 characters. */
    private String generatedName() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String text(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("field '" + field + "' must be a string, got " + value);
    }

    private static long number(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("field '" + field + "' must be a number, got " + value);
    }

    private static boolean bool(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("field '" + field + "' must be a boolean, got " + value);
    }

    /** One registered agent; mutable, guarded by the state's lock. */
    private static final class Agent {
        final String name;
        final String type;
        final Registration registration;
        final String accessToken;
        final Instant registeredAt;
        final List<SyncExchange> syncs = new ArrayList<>();
        String state;
        String currentJobId;
        String lastJobId;
        Instant lastSyncAt;
        Instant idleSince;
        String shutdownReason;
        Instant disconnectedAt;

        Agent(String name, String type, Registration registration, String accessToken, Instant registeredAt) {
            this.name = name;
            this.type = type;
            this.registration = registration;
            this.accessToken = accessToken;
            this.registeredAt = registeredAt;
            this.idleSince = registeredAt;
        }

        AgentSnapshot snapshot() {
            return new AgentSnapshot(name, type, registration, accessToken, registeredAt, state, currentJobId,
                    lastSyncAt, syncs, shutdownReason, disconnectedAt);
        }
    }

    /** One scheduled job and its log; mutable, guarded by the state's lock. */
    private static final class Job {
        final String id;
        final String agentType;
        final String requestJson;
        final List<String> lines = new ArrayList<>();
        long stored;
        JobStatus status = JobStatus.QUEUED;
        boolean stopRequested;
        Agent agent;
        String result;
        String logToken;
        Integer quota;
        int refreshes;
        int logRequests;
        int accepted;
        int duplicateLines;
        int gaps;
        int unauthorized;
        int overQuota;

        Job(String id, String agentType, String requestJson, String logToken) {
            this.id = id;
            this.agentType = agentType;
            this.requestJson = requestJson;
            this.logToken = logToken;
        }

        JobSnapshot snapshot() {
            return new JobSnapshot(id, agentType, status, agent == null ? null : agent.name, result, requestJson,
                    logToken, refreshes, new LogStats(logRequests, accepted, Math.toIntExact(stored), duplicateLines, gaps, unauthorized,
                            overQuota));
        }
    }
}
