package dev.outrider.testkit;

import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.JobSnapshot;
import dev.outrider.testkit.controlplane.JobStatus;
import dev.outrider.testkit.controlplane.LogLineListener;
import dev.outrider.testkit.controlplane.LogStats;
import dev.outrider.testkit.controlplane.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A fake Semaphore control plane for end-to-end tests of an agent: a real HTTP(S) server on 127.0.0.1 that
 * speaks the self-hosted agent protocol ({@code protocol.md} §3) and the log push protocol ({@code logs.md} §6),
 * decides like Semaphore's Go test hub ({@code logs.md} §10) and lets the test schedule jobs, stop them, ask for
 * shutdowns, inject faults and inspect everything the agent sent.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (FakeControlPlane hub = FakeControlPlane.start()) {
 *     hub.addAgentType("linux", "registration-token");
 *     // configure the agent: endpoint = hub.endpoint(), token = "registration-token", no-https = true
 *     String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo hello"));
 *     assertThat(hub.awaitJobFinished(job, Duration.ofSeconds(30))).isEqualTo("passed");
 *     assertThat(hub.events(job)).anyMatch(line -> line.contains("job_finished"));
 * }
 * }</pre>
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li><b>Register</b> ({@code Authorization: Token <registration token>}): 401 for a token no
 *       {@link #addAgentType agent type} has; else records the agent and answers its name (a generated one if it
 *       sent none) and a fresh access token.</li>
 *   <li><b>Sync</b> (access token, else 401): {@code waiting-for-jobs} → {@code shutdown}
 *       {@code interrupted} if {@code interrupted_at > 0}, else {@code requested} if a shutdown was scheduled
 *       for all agents or this one, else {@code idle} if it waited longer than its {@code idle_timeout}
 *       (&gt; 0), else {@code run-job} with the oldest queued job for its type (or the job it registered
 *       for), else {@code continue}. {@code starting-job}/{@code running-job} → {@code stop-job} (same id) if
 *       the job was {@link #stopJob stopped}, a shutdown was scheduled, or
 *       {@code interrupted_at + interruption_grace_period <= now}; else {@code continue}.
 *       {@code stopping-job} → {@code continue}. {@code finished-job} → records the result, then
 *       {@code shutdown} {@code requested} if scheduled, else {@code interrupted} if interrupted, else
 *       {@code job-finished} for a single-job agent, else {@code wait-for-jobs}. Any other state → 400. Every
 *       answer carries {@code next_sync_after} ({@link #nextSyncAfter}, default 1000 ms).</li>
 *   <li><b>List queued jobs</b> ({@code GET /api/v1/self_hosted_agents/jobs}, {@code Authorization: Token
 *       <registration token>}, what Semaphore's agent-k8s-controller polls): {@code {"jobs":[{"id":…},…]}}, the
 *       jobs still queued that agents of the token's type may take (scheduled for that type or for any), oldest
 *       first; 401 for a token no agent type has.</li>
 *   <li><b>Get job</b>: the job request (with {@code logger} filled in) to the agent it was handed to; 401 for
 *       any other token, 404 for an unknown id.</li>
 *   <li><b>Refresh</b>: a new log token for the agent's last job, {@code {"token": …}}; the old one stops
 *       working. <b>Disconnect</b>: marks the agent disconnected, 200.</li>
 *   <li><b>Logs</b> ({@code Authorization: Bearer <log token>}): 401 for a missing, wrong, replaced or
 *       {@link #expireLogToken expired} token and once the job was reported finished; 422 once the stored
 *       lines reached the job's {@link #logQuota quota} (as the Go mock: checked before storing); 400 for a
 *       {@code start_from} beyond the stored lines (a gap, counted); else line {@code i} of the body is stored
 *       at offset {@code start_from + i}, overwriting what a resend brings again.</li>
 * </ul>
 * Answers to requests that reach no endpoint: 404 (unknown path) or 405 (wrong method). Optionally, like the Go
 * mocks, any request with another {@code User-Agent} than {@link #requireUserAgent the one required} gets 500.
 *
 * <h2>HTTPS</h2>
 * {@link #start(TlsSetup)} serves HTTPS with the certificates of a {@link TestCertificates} and only the TLS
 * versions the {@link TlsSetup} enables; point the agent's trust at {@link TestCertificates#caPem()}.
 *
 * <h2>Threads</h2>
 * All methods are thread-safe. Blocking ones ({@code start}, {@code close}, connection control and the
 * {@code await…} methods) must be called from test threads, never from a Vert.x event-loop thread; they throw
 * {@link IllegalStateException} there. Reading methods return copies.
 */
public final class FakeControlPlane implements AutoCloseable {

    /** The address the fake listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_CAP = Duration.ofMillis(100);
    private static final int BIG_PUSH_READ_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final ControlPlaneState state;
    private final Router router;
    private final HttpServerOptions options;
    private final TlsSetup tls;
    private final Object serverLock = new Object();

    // guarded by serverLock; the server itself only changes inside the serialised transition chain
    private Future<Void> transitions = Future.succeededFuture();
    private long generation;
    private boolean closed;
    private HttpServer server;
    private int port;

    private FakeControlPlane(Vertx vertx, ControlPlaneState state, TlsSetup tls) {
        this.vertx = vertx;
        this.state = state;
        this.tls = tls;
        this.router = ControlPlaneRoutes.router(vertx, state);
        this.options = serverOptions(tls, state.streamsLogs());
    }

    /** Starts a fake serving plain HTTP on 127.0.0.1 on a free port. */
    public static FakeControlPlane start() {
        return builder().start();
    }

    /** Starts a fake serving HTTPS on 127.0.0.1 on a free port, as the TLS setup says. */
    public static FakeControlPlane start(TlsSetup tls) {
        return builder().tls(tls).start();
    }

    /** @return a builder, for a clock of the test's choice */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for starting a {@link FakeControlPlane}. */
    public static final class Builder {

        private TlsSetup tls;
        private InstantSource clock = InstantSource.system();
        private LogLineListener streamed;

        private Builder() {
        }

        /** Serves HTTPS as given (default: plain HTTP). */
        public Builder tls(TlsSetup setup) {
            this.tls = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /**
         * The clock for the time rules (idle timeout, interruption grace period, where {@code interrupted_at} is
         * compared with this clock's Unix seconds) and recorded times; default: the system clock. A
         * {@link dev.outrider.testkit.controlplane.ManualClock} lets a test pass time without waiting.
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Hands every job log line the fake stores to the listener instead of keeping it, for logs too large to
         * hold in memory: {@link FakeControlPlane#events} then stays empty, {@link FakeControlPlane#logStats}
         * still counts, and log pushes are recorded without their body.
         */
        public Builder streamLogLines(LogLineListener listener) {
            this.streamed = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Starts the fake: returns once it listens. */
        public FakeControlPlane start() {
            requireNotOnEventLoop();
            Vertx vertx = Vertx.vertx();
            try {
                FakeControlPlane fake = new FakeControlPlane(vertx, new ControlPlaneState(clock, streamed), tls);
                fake.listenFirstTime();
                return fake;
            } catch (RuntimeException | Error e) {
                vertx.close();
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- addresses

    /** @return {@code 127.0.0.1:PORT}, as an agent's {@code endpoint} setting expects it (no scheme) */
    public String endpoint() {
        return HOST + ":" + port();
    }

    /** @return the port, the same for the whole life of the fake */
    public int port() {
        synchronized (serverLock) {
            return port;
        }
    }

    /** @return whether the fake serves HTTPS */
    public boolean https() {
        return tls != null;
    }

    /** @return {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT} */
    public String baseUrl() {
        return (https() ? "https://" : "http://") + endpoint();
    }

    /** @return the TLS setup, empty for plain HTTP */
    public Optional<TlsSetup> tls() {
        return Optional.ofNullable(tls);
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Declares an agent type: agents registering with its token belong to it.
     *
     * @param typeName          the type's name, used to schedule jobs for this type only
     * @param registrationToken the token agents of this type register with
     * @return this fake
     */
    public FakeControlPlane addAgentType(String typeName, String registrationToken) {
        state.addAgentType(typeName, registrationToken);
        return this;
    }

    /** Sets the {@code next_sync_after} of every later sync answer (default 1000 ms). */
    public FakeControlPlane nextSyncAfter(Duration interval) {
        state.nextSyncAfter(Objects.requireNonNull(interval, "interval"));
        return this;
    }

    /**
     * Answers 500 to any request whose {@code User-Agent} is not exactly this, as Semaphore's Go mocks do with
     * anything but {@code SemaphoreAgent/<version>}; {@code null} accepts any (the default).
     */
    public FakeControlPlane requireUserAgent(String userAgent) {
        state.requireUserAgent(userAgent);
        return this;
    }

    // ---------------------------------------------------------------- jobs

    /**
     * Queues a job for any agent type.
     *
     * @param request the job request ({@code job.md} §1) without {@code logger}; its {@code job_id} is kept when
     *                non-empty, else the fake assigns one. The fake fills in {@code logger}:
     *                {@code {"method":"push","url":"<scheme>://127.0.0.1:<port>/api/v1/logs/<job id>",
     *                "token":<fresh log token>}} (replacing any given).
     * @return the job id
     */
    public String scheduleJob(JsonObject request) {
        return state.scheduleJob(null, request);
    }

    /** Queues a job, given as JSON text, for any agent type; see {@link #scheduleJob(JsonObject)}. */
    public String scheduleJob(String requestJson) {
        return state.scheduleJob(null, new JsonObject(requestJson));
    }

    /** Queues a job only agents of the given (declared) type get; see {@link #scheduleJob(JsonObject)}. */
    public String scheduleJobFor(String agentType, JsonObject request) {
        return state.scheduleJob(Objects.requireNonNull(agentType, "agentType"), request);
    }

    /** Queues a job, given as JSON text, only agents of the given type get. */
    public String scheduleJobFor(String agentType, String requestJson) {
        return scheduleJobFor(agentType, new JsonObject(requestJson));
    }

    /**
     * Marks a job to stop: while it runs, its agent's next sync gets {@code stop-job}; a job still queued is
     * finished at once with result {@code stopped} and never handed out.
     */
    public void stopJob(String jobId) {
        state.stopJob(jobId);
    }

    /** @return the status of a job */
    public JobStatus jobStatus(String jobId) {
        return state.jobSnapshot(jobId).status();
    }

    /** @return the result the agent reported with {@code finished-job}, or {@code null} before that */
    public String jobResult(String jobId) {
        return state.jobSnapshot(jobId).result();
    }

    /** @return the job request as the agent gets it (with {@code logger}) */
    public JsonObject jobRequest(String jobId) {
        return new JsonObject(state.jobSnapshot(jobId).requestJson());
    }

    /** @return all there is to know about one job */
    public JobSnapshot job(String jobId) {
        return state.jobSnapshot(jobId);
    }

    /** @return all jobs, in the order scheduled */
    public List<JobSnapshot> jobs() {
        return state.jobs();
    }

    /**
     * @return a minimal shell job request running the given commands, for {@link #scheduleJob(JsonObject)}:
     *         {@code {"executor":"shell","commands":[{"directive":…},…]}} with empty lists for the rest
     */
    public static JsonObject jobWithCommands(String... directives) {
        JsonArray commands = new JsonArray();
        for (String directive : directives) {
            commands.add(new JsonObject().put("directive", directive).put("alias", ""));
        }
        return new JsonObject()
                .put("executor", "shell")
                .put("env_vars", new JsonArray())
                .put("files", new JsonArray())
                .put("commands", commands)
                .put("epilogue_always_commands", new JsonArray())
                .put("epilogue_on_pass_commands", new JsonArray())
                .put("epilogue_on_fail_commands", new JsonArray());
    }

    // ---------------------------------------------------------------- logs

    /** @return the log lines stored for a job, in offset order (line {@code i} has offset {@code i}) */
    public List<String> events(String jobId) {
        return state.events(jobId);
    }

    /** @return counters of a job's log pushes (requests, duplicates, gaps, 401s, 422s) */
    public LogStats logStats(String jobId) {
        return state.jobSnapshot(jobId).logs();
    }

    /** Answers 422 to a job's log pushes once that many lines are stored. */
    public void logQuota(String jobId, int maxLines) {
        state.logQuota(jobId, maxLines);
    }

    /** Makes the job's current log token invalid (401) until the agent refreshes it. */
    public void expireLogToken(String jobId) {
        state.expireLogToken(jobId);
    }

    /** @return the log token currently accepted for a job, or {@code null} after {@link #expireLogToken} */
    public String logToken(String jobId) {
        return state.jobSnapshot(jobId).logToken();
    }

    // ---------------------------------------------------------------- agents and shutdown

    /** Every agent's next suitable sync gets {@code shutdown} {@code requested} (a running job is stopped first). */
    public void scheduleShutdown() {
        state.scheduleShutdown();
    }

    /** Like {@link #scheduleShutdown()}, for the agents with that name only (may precede its registration). */
    public void scheduleShutdown(String agentName) {
        state.scheduleShutdown(agentName);
    }

    /** @return the registered agents, in registration order */
    public List<AgentSnapshot> agents() {
        return state.agents();
    }

    /** @return the (first) agent registered under that name */
    public Optional<AgentSnapshot> agent(String name) {
        return agents().stream().filter(agent -> agent.name().equals(name)).findFirst();
    }

    // ---------------------------------------------------------------- requests and faults

    /**
     * @return every request answered so far, in the order answered. A request is recorded as its
     *         answer goes out, just after the state it changed is visible: after an await on that
     *         state (a finished job, say), await the request itself before asserting on it.
     */
    public List<RecordedRequest> requests() {
        return state.requests();
    }

    /** @return the requests answered so far to one endpoint */
    public List<RecordedRequest> requests(Endpoint endpoint) {
        return requests().stream().filter(request -> request.endpoint() == endpoint).toList();
    }

    /**
     * Answers the next {@code times} requests to an endpoint with {@code status} (body {@code injected failure})
     * without looking at them; adds to failures already pending.
     */
    public void failNext(Endpoint endpoint, int status, int times) {
        state.failNext(endpoint, status, times);
    }

    /**
     * Stops accepting connections for a while: closes the server (and its open connections) now, listens again
     * on the same port after {@code window}. Returns once closed.
     */
    public void refuseConnectionsFor(Duration window) {
        Objects.requireNonNull(window, "window");
        long mine = refuse();
        vertx.setTimer(Math.max(1, window.toMillis()), timer -> {
            synchronized (serverLock) {
                if (generation == mine) {
                    enqueue(this::listenNow);
                }
            }
        });
    }

    /** Stops accepting connections (closes the server and its open connections) until {@link #acceptConnections}. */
    public void refuseConnections() {
        refuse();
    }

    /** Listens again, on the same port; returns once listening (at once if it listens already). */
    public void acceptConnections() {
        requireNotOnEventLoop();
        Future<Void> listening;
        synchronized (serverLock) {
            generation++;
            listening = enqueue(this::listenNow);
        }
        await(listening, "listen again on port " + port());
    }

    /** @return whether the server listens right now */
    public boolean acceptingConnections() {
        synchronized (serverLock) {
            return server != null;
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until a condition on this fake holds.
     *
     * @throws AssertionError when it does not hold within the timeout (with a summary of the fake's state)
     */
    public void await(Predicate<? super FakeControlPlane> condition, Duration timeout) {
        await("condition", condition, timeout);
    }

    /** Like {@link #await(Predicate, Duration)}, naming the condition in the failure message. */
    public void await(String description, Predicate<? super FakeControlPlane> condition, Duration timeout) {
        requireNotOnEventLoop();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = state.version();
            if (condition.test(this)) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("not within " + timeout + ": " + description + "\n" + summary());
            }
            try {
                // wakes on any change; the cap re-checks conditions that depend on time alone
                state.awaitChange(seen, Duration.ofNanos(Math.min(remaining, POLL_CAP.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description, e);
            }
        }
    }

    /** Waits until an agent reported the job finished; @return its result */
    public String awaitJobFinished(String jobId, Duration timeout) {
        awaitJobStatus(jobId, JobStatus.FINISHED, timeout);
        return jobResult(jobId);
    }

    /** Waits until a job has the given status. */
    public void awaitJobStatus(String jobId, JobStatus status, Duration timeout) {
        await("job " + jobId + " " + status, fake -> fake.jobStatus(jobId) == status, timeout);
    }

    /** Waits until at least {@code count} agents registered; @return the agents registered */
    public List<AgentSnapshot> awaitRegistered(int count, Duration timeout) {
        await(count + " agent(s) registered", fake -> fake.agents().size() >= count, timeout);
        return agents();
    }

    /** Waits until the agent with that name called disconnect; @return it */
    public AgentSnapshot awaitDisconnected(String agentName, Duration timeout) {
        await("agent " + agentName + " disconnected",
                fake -> fake.agent(agentName).map(AgentSnapshot::disconnected).orElse(false), timeout);
        return agent(agentName).orElseThrow();
    }

    /** Waits until at least {@code count} agents called disconnect; @return the disconnected agents */
    public List<AgentSnapshot> awaitDisconnected(int count, Duration timeout) {
        await(count + " agent(s) disconnected",
                fake -> fake.agents().stream().filter(AgentSnapshot::disconnected).count() >= count, timeout);
        return agents().stream().filter(AgentSnapshot::disconnected).toList();
    }

    /** Waits until a job's stored log lines satisfy a condition; @return those lines */
    public List<String> awaitEvents(String jobId, Predicate<? super List<String>> condition, Duration timeout) {
        await("log of job " + jobId, fake -> condition.test(fake.events(jobId)), timeout);
        return events(jobId);
    }

    /** @return a short description of agents and jobs, for failure messages */
    public String summary() {
        String agents = state.agents().stream()
                .map(a -> "  agent " + a.name() + " [" + a.type() + "] state=" + a.state() + " job="
                        + a.currentJobId() + " syncs=" + a.syncCount() + " shutdown=" + a.shutdownReason()
                        + " disconnected=" + a.disconnected())
                .collect(Collectors.joining("\n"));
        String jobs = state.jobs().stream()
                .map(j -> "  job " + j.id() + " " + j.status() + " agent=" + j.agentName() + " result=" + j.result()
                        + " " + j.logs())
                .collect(Collectors.joining("\n"));
        return "fake control plane at " + baseUrl() + (acceptingConnections() ? "" : " (refusing connections)")
                + "\n" + (agents.isEmpty() ? "  no agents" : agents) + "\n" + (jobs.isEmpty() ? "  no jobs" : jobs);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops the server and everything else of the fake; returns once stopped. Closing again does nothing. */
    @Override
    public void close() {
        requireNotOnEventLoop();
        synchronized (serverLock) {
            if (closed) {
                return;
            }
            closed = true;
            generation++;
        }
        await(vertx.close(), "close");
    }

    private void listenFirstTime() {
        HttpServer listening = await(vertx.createHttpServer(options).requestHandler(router).listen(0, HOST),
                "listen on " + HOST);
        synchronized (serverLock) {
            server = listening;
            port = listening.actualPort();
        }
        state.logBaseUrl(baseUrl() + Endpoint.LOGS.path());
    }

    private long refuse() {
        requireNotOnEventLoop();
        long mine;
        Future<Void> stopped;
        synchronized (serverLock) {
            mine = ++generation;
            stopped = enqueue(this::closeNow);
        }
        await(stopped, "stop listening");
        awaitPortRefusing();
        return mine;
    }

    /**
     * Vert.x completes a server's close before the JDK has closed the listening socket (a channel registered with
     * a selector is closed when the selector next runs), so connections can still be accepted by the kernel for
     * a moment: wait until the port really refuses them.
     */
    private void awaitPortRefusing() {
        int samePort = port();
        long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (serverLock) {
                if (server != null) {
                    return; // listening again already (another transition)
                }
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, samePort), 1000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException notYet) {
                // e.g. a timeout while the closing socket's backlog is full: try again
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("port " + samePort + " still accepts connections " + OPERATION_TIMEOUT
                + " after the server closed");
    }

    /** Runs server transitions one after another, whatever their outcome; call with serverLock held. */
    private Future<Void> enqueue(Supplier<Future<Void>> transition) {
        Future<Void> next = transitions.transform(previous -> transition.get());
        transitions = next;
        return next;
    }

    private Future<Void> closeNow() {
        HttpServer current;
        synchronized (serverLock) {
            current = server;
            server = null;
        }
        Future<Void> stopped = current == null ? Future.succeededFuture() : current.close();
        return stopped.andThen(done -> state.touch());
    }

    private Future<Void> listenNow() {
        int samePort;
        synchronized (serverLock) {
            if (server != null) {
                return Future.succeededFuture();
            }
            samePort = port;
        }
        return vertx.createHttpServer(options).requestHandler(router).listen(samePort, HOST)
                .map(listening -> {
                    synchronized (serverLock) {
                        server = listening;
                    }
                    state.touch();
                    return null;
                });
    }

    /** @param bigPushes whether to take log pushes of megabytes in few large reads (for streamed logs) */
    private static HttpServerOptions serverOptions(TlsSetup tls, boolean bigPushes) {
        HttpServerOptions options = new HttpServerOptions().setHost(HOST).setReuseAddress(true);
        if (bigPushes) {
            // a big push in 1 MiB pieces, not Netty's 8 KiB chunks of at most 64 KiB reads: fewer trips through
            // the HTTP pipeline, which costs more CPU per trip than the bytes do
            options.setMaxChunkSize(BIG_PUSH_READ_BYTES).setReceiveBufferSize(BIG_PUSH_READ_BYTES);
        }
        if (tls != null) {
            options.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(tls.certificates().serverCertPem().toString())
                            .setKeyPath(tls.certificates().serverKeyPem().toString()))
                    .setEnabledSecureTransportProtocols(tls.protocols())
                    .setUseAlpn(tls.http2());
        }
        return options;
    }

    private static <T> T await(Future<T> future, String what) {
        requireNotOnEventLoop();
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("fake control plane could not " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("fake control plane could not " + what + " within " + OPERATION_TIMEOUT,
                    e);
        }
    }

    private static void requireNotOnEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking call of the fake control plane on an event-loop thread");
        }
    }
}
