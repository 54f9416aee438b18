package dev.outrider.agent;

import dev.outrider.config.AgentConfig;
import dev.outrider.event.JobEvents;
import dev.outrider.job.InvalidJobException;
import dev.outrider.job.JobLauncher;
import dev.outrider.job.JobRequestReader;
import dev.outrider.job.PreparedJob;
import dev.outrider.log.LogUploader;
import dev.outrider.plugin.NamedExtensions;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.protocol.ApiException;
import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.protocol.RegisterRequest;
import dev.outrider.protocol.RegisterResponse;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.protocol.SyncRequest;
import dev.outrider.protocol.SyncResponse;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent of one agent type: it registers, then syncs with the control plane and does what it is
 * told (protocol.md §4): runs one job at a time, stops it, shuts down. A job's
 * {@code finished-job} is reported only once its log was delivered (or the upload's upper bound
 * passed).
 */
public final class Agent {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final String label;
    private final SemaphoreApi api;
    private final LogPushClient logs;
    private final JobLauncher launcher;
    private final NamedExtensions<JobExecutorFactory> executors;
    private final Duration logUploadTimeout;
    private final ProtocolTiming timing;
    private final HostFacts facts;
    private final Map<String, String> environment;
    private final String version;
    private final Clock clock;
    private final Consumer<OutriderEvent> events;
    private final Object lock = new Object();

    private String name;
    private String accessToken;
    private AgentState state = AgentState.WAITING_FOR_JOBS;
    private String jobId = "";
    private String jobResult = "";
    private long interruptedAt;
    private boolean syncNow;
    private CurrentJob job;

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
     */
    public Agent(AgentConfig config, String label, SemaphoreApi api, LogPushClient logs, JobLauncher launcher,
                 NamedExtensions<JobExecutorFactory> executors, Duration logUploadTimeout, ProtocolTiming timing,
                 HostFacts facts, Map<String, String> environment, String version, Clock clock,
                 Consumer<OutriderEvent> events) {
        this.config = Objects.requireNonNull(config, "config");
        this.label = Objects.requireNonNull(label, "label");
        this.api = Objects.requireNonNull(api, "api");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.executors = Objects.requireNonNull(executors, "executors");
        this.logUploadTimeout = Objects.requireNonNull(logUploadTimeout, "logUploadTimeout");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.environment = Map.copyOf(environment);
        this.version = Objects.requireNonNull(version, "version");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** @return the agent's name (the control plane's, once registered) */
    public String name() {
        synchronized (lock) {
            return name;
        }
    }

    /** @return the agent's label in the agent log */
    public String label() {
        return label;
    }

    /** @return the agent's state */
    public AgentState state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * Registers with the registration token, retrying as Semaphore's agent does.
     *
     * @throws AgentException when every attempt failed (naming the endpoint and the last HTTP status)
     */
    public void register() throws InterruptedException {
        String requested;
        try {
            requested = AgentNames.resolve(config.name(), config.nameFromEnv(), environment);
        } catch (IllegalArgumentException e) {
            throw new AgentException(label + ": " + e.getMessage());
        }
        RegisterRequest body = new RegisterRequest(requested, version, facts.pid(), facts.os(), facts.arch(),
                facts.hostname(), config.disconnectAfterJob(), config.disconnectAfterIdleTimeout(),
                config.interruptionGracePeriod(), config.jobId());
        ApiException last = null;
        for (int attempt = 1; attempt <= timing.registerAttempts(); attempt++) {
            try {
                RegisterResponse response = await(api.register(config.token(), body));
                synchronized (lock) {
                    name = response.name();
                    accessToken = response.token();
                }
                LOG.info("{}: registered as '{}' with {}", label, response.name(), api.baseUrl());
                events.accept(new OutriderEvent.AgentRegistered(response.name(), config.label(), label, clock.instant()));
                status(AgentStatus.IDLE, "");
                return;
            } catch (ApiException e) {
                last = e;
                LOG.warn("{}: registration attempt {} of {} failed: {}", label, attempt, timing.registerAttempts(),
                        e.getMessage());
            }
            if (attempt < timing.registerAttempts()) {
                TimeUnit.MILLISECONDS.sleep(timing.registerPause().toMillis());
            }
        }
        throw new AgentException(label + ": could not register after " + timing.registerAttempts() + " attempts; "
                + "last: " + (last == null ? "no attempt" : last.getMessage())
                + " (check 'endpoint', the registration 'token' and the network)");
    }

    /**
     * Syncs until the control plane says to shut down (or no sync succeeded for too long), then
     * disconnects and runs the shutdown hook.
     *
     * @return why the agent shut down
     */
    public ShutdownReason run() throws InterruptedException {
        long lastSuccess = System.nanoTime();
        Instant failingSince = null;
        while (true) {
            long delayMs;
            try {
                SyncResponse response = await(api.sync(token(), syncRequest()));
                lastSuccess = System.nanoTime();
                if (failingSince != null) {
                    events.accept(new OutriderEvent.SyncRecovered(name(), config.label(), failingSince, clock.instant()));
                    failingSince = null;
                }
                Optional<ShutdownReason> shutdown = handle(response);
                if (shutdown.isPresent()) {
                    return shutDown(shutdown.get());
                }
                delayMs = response.nextSyncAfter() > 0 ? response.nextSyncAfter() : defaultInterval();
            } catch (ApiException e) {
                Duration silent = Duration.ofNanos(System.nanoTime() - lastSuccess);
                LOG.warn("{}: sync failed ({} since the last successful one): {}", label, format(silent), e.getMessage());
                Instant now = clock.instant();
                failingSince = failingSince == null ? now : failingSince;
                events.accept(new OutriderEvent.SyncFailed(name(), config.label(), failingSince, e.getMessage(), now));
                if (silent.compareTo(timing.unableToSync()) > 0) {
                    LOG.error("{}: no successful sync for {}: taking no more jobs and shutting down", label,
                            format(silent));
                    return shutDown(ShutdownReason.UNABLE_TO_SYNC);
                }
                delayMs = defaultInterval();
            }
            awaitNextSync(delayMs);
        }
    }

    /** Records the first SIGINT/SIGTERM/SIGHUP and tells the control plane at once. */
    public void interrupted() {
        synchronized (lock) {
            if (interruptedAt == 0) {
                interruptedAt = clock.instant().getEpochSecond();
            }
            syncNow = true;
            lock.notifyAll();
        }
    }

    /** Stops the running job at once (the process is about to exit). */
    public void stopJobNow() {
        CurrentJob current;
        synchronized (lock) {
            current = job;
        }
        if (current != null) {
            current.stop();
        }
    }

    private SyncRequest syncRequest() {
        synchronized (lock) {
            return new SyncRequest(state.wireName(), jobId, jobResult, interruptedAt);
        }
    }

    private Optional<ShutdownReason> handle(SyncResponse response) {
        switch (response.action()) {
            case "continue", "" -> {
            }
            case "run-job" -> startJob(response.jobId());
            case "stop-job" -> stopJob(response.jobId());
            case "wait-for-jobs" -> {
                boolean wasIdle;
                synchronized (lock) {
                    wasIdle = state == AgentState.WAITING_FOR_JOBS;
                    if (!state.hasActiveJob()) {
                        state = AgentState.WAITING_FOR_JOBS;
                        jobId = "";
                        jobResult = "";
                        job = null;
                    }
                }
                if (!wasIdle && state() == AgentState.WAITING_FOR_JOBS) {
                    status(AgentStatus.IDLE, "");
                }
            }
            case "shutdown" -> {
                return Optional.of(ShutdownReason.fromWire(response.shutdownReason()));
            }
            default -> LOG.warn("{}: ignoring unknown sync action '{}'", label, response.action());
        }
        return Optional.empty();
    }

    private void startJob(String id) {
        CurrentJob started;
        synchronized (lock) {
            if (state.hasActiveJob()) {
                LOG.warn("{}: told to run job '{}' while job '{}' is active; an agent runs one job at a time, ignoring it",
                        label, id, jobId);
                return;
            }
            state = AgentState.STARTING_JOB;
            jobId = id;
            jobResult = "";
            started = new CurrentJob(id);
            job = started;
        }
        LOG.info("{}: starting job '{}'", label, id);
        events.accept(new OutriderEvent.JobAccepted(name(), config.label(), id, clock.instant()));
        status(AgentStatus.RUNNING, "");
        Thread.ofVirtual().name("job-" + id).start(started::run);
    }

    private void stopJob(String id) {
        CurrentJob current;
        synchronized (lock) {
            if (state == AgentState.FINISHED_JOB || job == null) {
                return;
            }
            state = AgentState.STOPPING_JOB;
            current = job;
        }
        LOG.info("{}: stopping job '{}'", label, id);
        current.stop();
    }

    private void jobEnded(CurrentJob ended, JobResult result) {
        synchronized (lock) {
            if (job != ended) {
                return;
            }
            state = AgentState.FINISHED_JOB;
            jobResult = result.wireName();
            syncNow = true;
            lock.notifyAll();
        }
        LOG.info("{}: job '{}' finished: {}", label, ended.id, result.wireName());
        events.accept(new OutriderEvent.JobFinished(name(), config.label(), ended.id, result,
                Duration.ofNanos(System.nanoTime() - ended.acceptedNanos), clock.instant()));
    }

    private void status(AgentStatus status, String reason) {
        events.accept(new OutriderEvent.StateChanged(name(), config.label(), status, reason, clock.instant()));
    }

    private ShutdownReason shutDown(ShutdownReason reason) throws InterruptedException {
        LOG.info("{}: shutting down ({})", label, reason);
        status(AgentStatus.SHUTTING_DOWN, reason.name());
        disconnect();
        runShutdownHook(reason);
        return reason;
    }

    private void disconnect() throws InterruptedException {
        for (int attempt = 1; attempt <= timing.disconnectAttempts(); attempt++) {
            try {
                await(api.disconnect(token()));
                LOG.info("{}: disconnected", label);
                events.accept(new OutriderEvent.Disconnected(name(), config.label(), clock.instant()));
                return;
            } catch (ApiException e) {
                LOG.warn("{}: disconnect attempt {} of {} failed: {}", label, attempt, timing.disconnectAttempts(),
                        e.getMessage());
            }
            if (attempt < timing.disconnectAttempts()) {
                TimeUnit.MILLISECONDS.sleep(timing.disconnectPause().toMillis());
            }
        }
        LOG.error("{}: could not disconnect; shutting down anyway", label);
        events.accept(new OutriderEvent.Disconnected(name(), config.label(), clock.instant()));
    }

    private void runShutdownHook(ShutdownReason reason) throws InterruptedException {
        String hook = config.shutdownHookPath();
        if (hook.isEmpty()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder("bash", hook).redirectErrorStream(true);
        builder.environment().put("SEMAPHORE_AGENT_SHUTDOWN_REASON", reason.name());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (!output.isBlank()) {
                LOG.info("{}: shutdown hook {} printed:\n{}", label, hook, output.stripTrailing());
            }
            if (exit != 0) {
                LOG.error("{}: shutdown hook {} exited with {}", label, hook, exit);
            }
        } catch (IOException e) {
            LOG.error("{}: cannot run the shutdown hook {}: {}", label, hook, e.getMessage());
        }
    }

    private void awaitNextSync(long delayMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        synchronized (lock) {
            while (!syncNow) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            syncNow = false;
        }
    }

    private long defaultInterval() {
        return ThreadLocalRandom.current().nextLong(timing.syncIntervalMin().toMillis(),
                Math.max(timing.syncIntervalMin().toMillis() + 1, timing.syncIntervalMax().toMillis()));
    }

    private String token() {
        synchronized (lock) {
            return accessToken;
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(String.valueOf(e.getCause()), -1, e.getCause());
        }
    }

    private static String format(Duration duration) {
        return duration.toSeconds() + " s";
    }

    /** The job an agent was told to run, from fetching it to reporting its end. */
    private final class CurrentJob {
        private final String id;
        private final long acceptedNanos = System.nanoTime();
        private volatile boolean stopRequested;
        private volatile PreparedJob prepared;

        CurrentJob(String id) {
            this.id = id;
        }

        void stop() {
            stopRequested = true;
            PreparedJob current = prepared;
            if (current != null) {
                current.stop();
            }
        }

        void run() {
            JobResult result;
            try {
                result = fetchAndRun();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = JobResult.STOPPED;
            } catch (RuntimeException | Error e) { // whatever happens, the job is reported and the agent goes on
                LOG.error("{}: job '{}' failed inside Outrider: {}", label, id, e.toString(), e);
                result = JobResult.FAILED;
            }
            jobEnded(this, result);
        }

        private JobResult fetchAndRun() throws InterruptedException {
            Optional<String> json = fetch();
            if (stopRequested) {
                return JobResult.STOPPED;
            }
            if (json.isEmpty()) {
                return JobResult.FAILED;
            }
            JobRequest request;
            JobExecutorFactory executor;
            try {
                request = JobRequestReader.readProtocolJson(json.get(), "job '" + id + "'");
                executor = executors.get(executorId(request));
                if (!request.logger().method().equals("push") || request.logger().url().isEmpty()) {
                    throw new InvalidJobException("job '" + id + "': logger: method '" + request.logger().method()
                            + "' with url '" + request.logger().url() + "'; self-hosted agents need method 'push' and a url");
                }
            } catch (InvalidJobException | UnknownExtensionException e) {
                LOG.error("{}: job '{}' cannot run: {}", label, id, e.getMessage());
                return JobResult.FAILED;
            }
            JobEvents jobEvents = new JobEvents(name(), config.label(), id, events, clock);
            try (PreparedJob preparedJob = launcher.prepare(request, executor, config.executorOptions(), config.job(),
                    jobEvents)) {
                LogUploader uploader = new LogUploader(preparedJob.spool(), request.logger().url(),
                        request.logger().token(), logs, () -> api.refreshLogToken(token()), jobEvents,
                        preparedJob::eventCount);
                uploader.start();
                prepared = preparedJob;
                synchronized (lock) {
                    if (state == AgentState.STARTING_JOB) {
                        state = AgentState.RUNNING_JOB;
                    }
                }
                if (stopRequested) {
                    preparedJob.stop();
                }
                JobResult result;
                try {
                    result = preparedJob.run();
                } catch (RuntimeException | Error e) {
                    uploader.finish(preparedJob.eventCount(), logUploadTimeout); // deliver what there is
                    throw e;
                }
                LogUploader.Outcome outcome = uploader.finish(preparedJob.eventCount(), logUploadTimeout);
                if (!outcome.complete() && !outcome.trimmed()) {
                    LOG.error("{}: job '{}': only {} of {} log events were delivered within {}; reporting the "
                            + "result anyway", label, id, outcome.accepted(), preparedJob.eventCount(), logUploadTimeout);
                }
                if (JobLogArtifact.wanted(config.uploadJobLogs(), outcome.trimmed()) && preparedJob.eventCount() > 0) {
                    new JobLogArtifact(environment).upload(preparedJob.job(), preparedJob.spool());
                }
                return result;
            }
        }

        private Optional<String> fetch() throws InterruptedException {
            for (int attempt = 1; attempt <= timing.jobFetchAttempts() && !stopRequested; attempt++) {
                try {
                    return Optional.of(await(api.job(token(), id)));
                } catch (ApiException e) {
                    LOG.warn("{}: fetching job '{}', attempt {} of {}, failed: {}", label, id, attempt,
                            timing.jobFetchAttempts(), e.getMessage());
                }
                if (attempt < timing.jobFetchAttempts()) {
                    TimeUnit.MILLISECONDS.sleep(timing.jobFetchPause().toMillis());
                }
            }
            if (!stopRequested) {
                LOG.error("{}: could not fetch job '{}'; reporting it failed", label, id);
            }
            return Optional.empty();
        }

        private String executorId(JobRequest request) {
            String configured = config.executor();
            if (!configured.isEmpty() && !configured.equals("auto")) {
                return configured;
            }
            return switch (request.executor()) {
                case "", "shell" -> "shell";
                case "dockercompose" -> "docker";
                default -> throw new InvalidJobException("job '" + id + "': executor: unknown executor type '"
                        + request.executor() + "'");
            };
        }
    }
}
