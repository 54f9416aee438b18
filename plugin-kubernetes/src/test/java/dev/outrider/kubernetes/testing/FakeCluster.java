package dev.outrider.kubernetes.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A Kubernetes API server for tests, on 127.0.0.1, without Kubernetes: fabric8's mock server in CRUD
 * mode (objects, watches, the status subresource, and {@link #server() expectations} to inject
 * failures), a {@link FakeKubelet} that sets pod statuses, and an {@link ExecBridge} for exec. A
 * kubeconfig file points at it; {@link #options()} are executor options that use it.
 */
public final class FakeCluster implements AutoCloseable {

    /** The mock server logs every request at INFO through java.util.logging: kept quiet (a strong reference). */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    /** The namespace the tests work in. */
    public static final String NAMESPACE = "ci";

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final ExecBridge bridge = new ExecBridge();
    private final FakeKubelet kubelet;
    private final Path kubeconfig;

    /** @param folder where the kubeconfig and the pods' volumes go */
    public FakeCluster(Path folder) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getPath().contains("/exec?") ? bridge.answer(request)
                        : ClosesOffTheEventLoop.wrap(crud.dispatch(request));
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        kubelet = new FakeKubelet(client, NAMESPACE, folder.resolve("volumes"), bridge);
        kubeconfig = folder.resolve("kubeconfig");
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: fake
                      cluster:
                        server: %s
                    users:
                    - name: agent
                      user:
                        token: not-a-secret
                    contexts:
                    - name: fake
                      context:
                        cluster: fake
                        user: agent
                        namespace: %s
                    current-context: fake
                    """.formatted(client.getConfiguration().getMasterUrl(), NAMESPACE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return executor options that reach this server, in {@link #NAMESPACE} */
    public Map<String, Object> options() {
        return Map.of("kubeconfig", kubeconfig.toString(), "namespace", NAMESPACE);
    }

    /** @return the kubeconfig file */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** @return the server, for expectations ({@code server().expect()...}) */
    public KubernetesMockServer server() {
        return server;
    }

    /** @return a client of the server */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /** @return the kubelet, to choose how pods start */
    public FakeKubelet kubelet() {
        return kubelet;
    }

    /** @return the exec endpoint, to cut streams */
    public ExecBridge bridge() {
        return bridge;
    }

    /** @return the pods in {@link #NAMESPACE} */
    public List<Pod> pods() {
        return client.pods().inNamespace(NAMESPACE).list().getItems();
    }

    /** @return the Secrets in {@link #NAMESPACE} */
    public List<Secret> secrets() {
        return client.secrets().inNamespace(NAMESPACE).list().getItems();
    }

    /** Waits until the condition holds, or fails after the timeout with the message. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        kubelet.close();
        client.close();
        server.destroy();
    }
}
