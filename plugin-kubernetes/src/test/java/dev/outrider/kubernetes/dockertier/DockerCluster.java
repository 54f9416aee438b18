package dev.outrider.kubernetes.dockertier;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.function.UnaryOperator;

/**
 * A Kubernetes cluster for tests, on 127.0.0.1: fabric8's mock API server (CRUD, watches, status,
 * expectations) whose pods run as Docker containers ({@link FakeKubelet}), whose Jobs get pods
 * ({@link FakeJobController}) and whose pod exec streams reach those containers ({@link ExecBridge}).
 * Call {@link DockerEngine#assumeAvailable()} first.
 */
public final class DockerCluster implements AutoCloseable {

    public final KubernetesMockServer server;
    public final KubernetesClient client;
    public final FakeKubelet kubelet;
    public final ExecBridge exec;
    private final FakeJobController jobs;

    private DockerCluster(Path workFolder, UnaryOperator<Pod> nodeAdjustments) throws IOException {
        DockerCli docker = new DockerCli();
        var expectations = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        exec = new ExecBridge(expectations, docker);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, exec, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        kubelet = new FakeKubelet(client, docker, Files.createDirectories(workFolder), nodeAdjustments).start();
        jobs = new FakeJobController(client).start();
    }

    /** For a test class: skips it (printing why) without a Docker engine, else a cluster in a new work folder. */
    public static DockerCluster forTests(String name) throws IOException {
        DockerEngine.assumeAvailable();
        return start(DockerEngine.workFolder(name));
    }

    /** A cluster whose node runs pods as they are. */
    public static DockerCluster start(Path workFolder) throws IOException {
        return new DockerCluster(workFolder, UnaryOperator.identity());
    }

    /** A cluster whose node changes pods before running them (not in the API), e.g. host network and a kubeconfig. */
    public static DockerCluster start(Path workFolder, UnaryOperator<Pod> nodeAdjustments) throws IOException {
        return new DockerCluster(workFolder, nodeAdjustments);
    }

    /** @return a kubeconfig for this API server, written into the folder, for processes on the host network */
    public Path kubeconfig(Path folder) throws IOException {
        return Files.writeString(folder.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: default}}]
                current-context: mock
                users: [{name: tester, user: {token: a-token-for-the-mock}}]
                """.formatted(client.getMasterUrl()));
    }

    @Override
    public void close() {
        jobs.close();
        kubelet.close();
        client.close();
        server.destroy();
    }
}
