package dev.outrider.kubernetes.controller;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.ManualClock;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A controller against the fabric8 mock API server (CRUD) and the fake control plane, both on
 * 127.0.0.1, with a manual clock for its time rules and a short poll interval. The test plays the
 * cluster's Job controller by editing Job status.
 */
final class ControllerRig implements AutoCloseable {

    static final String NAMESPACE = "ci";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(100);

    final KubernetesMockServer server;
    final KubernetesClient client;
    final FakeControlPlane hub;
    final ManualClock clock = ManualClock.startingNow();
    final RecordingLog log = new RecordingLog();

    /** While set, the API server refuses to list Jobs (as it would a service account without the permission). */
    private final AtomicBoolean refusingJobs = new AtomicBoolean();

    private Controller controller;
    private ControllerStatus status;
    private StatusServer statusServer;
    private Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    ControllerRig() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new RefusingCrudDispatcher(refusingJobs), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        hub = FakeControlPlane.start();
    }

    /** The environment of a controller polling the fake over plain HTTP, plus the given variables. */
    Map<String, String> environment(String... nameValues) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEMAPHORE_ENDPOINT", hub.endpoint());
        env.put("SEMAPHORE_NO_HTTPS", "true");
        for (int i = 0; i < nameValues.length; i += 2) {
            env.put(nameValues[i], nameValues[i + 1]);
        }
        return env;
    }

    ControllerSettings settings(String... nameValues) {
        return ControllerSettings.fromEnvironment(environment(nameValues)).withPollInterval(POLL);
    }

    /** Declares an agent type on the fake and its Secret in the cluster. */
    void agentType(String secretName, String typeName, String token, String... extraKeyValues) {
        hub.addAgentType(typeName, token);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("agentTypeName", typeName);
        data.put("registrationToken", token);
        for (int i = 0; i < extraKeyValues.length; i += 2) {
            data.put(extraKeyValues[i], extraKeyValues[i + 1]);
        }
        secret(secretName, data);
    }

    /** Creates an agent-type Secret with exactly these keys. */
    void secret(String secretName, Map<String, String> keys) {
        Map<String, String> data = new LinkedHashMap<>();
        keys.forEach((key, value) -> data.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName(secretName)
                .addToLabels("semaphoreci.com/resource-type", "agent-type-configuration").endMetadata()
                .withData(data).build()).create();
    }

    /** Writes a kubeconfig for the mock API server into the folder; @return its path */
    Path kubeconfig(Path folder) throws IOException {
        return Files.writeString(folder.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester}}]
                current-context: mock
                users: [{name: tester, user: {token: a-token-for-the-mock}}]
                """.formatted(client.getMasterUrl()));
    }

    String queue(String type) {
        return hub.scheduleJobFor(type, FakeControlPlane.jobWithCommands("true"));
    }

    void start(ControllerSettings settings) {
        start(settings, EnvironmentProxies.fromEnvironment(Map.of()));
    }

    /** Starts a controller, and its status server if the settings have a status address. */
    void start(ControllerSettings settings, EnvironmentProxies proxies) {
        status = new ControllerStatus(settings.maxParallelJobs());
        statusServer = settings.statusAddress().map(address -> StatusServer.start(address, status)).orElse(null);
        controller = new Controller(settings, new AgentJobs(client, NAMESPACE), new AgentTypeSecrets(client, NAMESPACE),
                new JobQueue(settings.queuedJobsUrl(), proxies), log, clock, status);
        Controller running = controller;
        thread = Thread.ofPlatform().name("controller-under-test").start(() -> {
            try {
                running.run();
            } catch (InterruptedException e) {
                // stopped by the test
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    /** @return the URL of a path on the running controller's status server */
    URI statusUrl(String path) {
        if (statusServer == null) {
            throw new IllegalStateException("no status server: start the controller with OUTRIDER_STATUS_ADDRESS");
        }
        return URI.create("http://127.0.0.1:" + statusServer.port() + path);
    }

    /** From now on the API server refuses to list Jobs (403), or lists them again. */
    void refuseToListJobs(boolean refuse) {
        refusingJobs.set(refuse);
    }

    /** Stops the controller (as a restart would) and waits until it has. */
    void stop() throws InterruptedException {
        if (statusServer != null) {
            statusServer.close();
            statusServer = null;
        }
        if (thread != null) {
            thread.interrupt();
            if (!thread.join(TIMEOUT)) {
                throw new AssertionError("the controller did not stop within " + TIMEOUT);
            }
            thread = null;
        }
    }

    /** Waits until the controller finished {@code count} more ticks than now (so it saw what the test did). */
    void awaitTicks(int count) {
        long target = controller.ticks() + count;
        await(count + " more ticks", () -> controller.ticks() >= target);
    }

    Job job(String jobId) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withName("semaphore-agent-" + jobId).get();
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    Job awaitJob(String jobId) {
        await("agent Job for " + jobId, () -> job(jobId) != null);
        return job(jobId);
    }

    void awaitNoJob(String jobId) {
        await("no agent Job for " + jobId, () -> job(jobId) == null);
    }

    /** Plays the Job controller: the agent's pod got ready. */
    void ready(String jobId) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName("semaphore-agent-" + jobId)
                .editStatus(job -> {
                    withStatus(job);
                    job.getStatus().setActive(1);
                    job.getStatus().setReady(1);
                    return job;
                });
    }

    /** Plays the Job controller: the Job completed (or failed) at that time. */
    void finish(String jobId, boolean succeeded, Instant at) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName("semaphore-agent-" + jobId)
                .editStatus(job -> {
                    withStatus(job);
                    job.getStatus().setActive(0);
                    job.getStatus().setReady(0);
                    if (succeeded) {
                        job.getStatus().setSucceeded(1);
                        job.getStatus().setCompletionTime(at.toString());
                    } else {
                        job.getStatus().setFailed(1);
                    }
                    job.getStatus().setConditions(List.of(new JobConditionBuilder()
                            .withType(succeeded ? "Complete" : "Failed").withStatus("True")
                            .withLastTransitionTime(at.toString()).build()));
                    return job;
                });
    }

    /** The CRUD API server, refusing to list Jobs while told to. */
    private static final class RefusingCrudDispatcher extends KubernetesCrudDispatcher {

        private final AtomicBoolean refusing;

        RefusingCrudDispatcher(AtomicBoolean refusing) {
            this.refusing = refusing;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (refusing.get() && "GET".equals(request.getMethod())
                    && request.getPath().startsWith("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs?")) {
                return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                        .setBody(new KubernetesSerialization().asJson(new StatusBuilder().withStatus("Failure")
                                .withCode(403).withReason("Forbidden").withMessage("jobs.batch is forbidden: User"
                                        + " \"system:serviceaccount:ci:default\" cannot list resource \"jobs\"")
                                .build()));
            }
            return super.dispatch(request);
        }
    }

    private static void withStatus(Job job) {
        if (job.getStatus() == null) {
            job.setStatus(new JobStatus());
        }
    }

    /** Waits for a condition, checking it every few milliseconds until the deadline. */
    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            Throwable failed = failure.get();
            if (failed != null) {
                throw new AssertionError("the controller failed while waiting for " + what, failed);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what + "\nlog:\n"
                        + String.join("\n", log.lines()) + "\n" + hub.summary());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            client.close();
            server.destroy();
            hub.close();
        }
    }
}
