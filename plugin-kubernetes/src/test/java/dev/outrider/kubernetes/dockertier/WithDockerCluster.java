package dev.outrider.kubernetes.dockertier;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link DockerCluster} for a test class ({@code @RegisterExtension static final}): started before its
 * tests (which are skipped, with the reason printed, when no Docker engine can run), closed after them.
 */
public final class WithDockerCluster implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private DockerCluster cluster;

    public WithDockerCluster(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = DockerCluster.forTests(name);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }

    public DockerCluster cluster() {
        return cluster;
    }

    public KubernetesClient client() {
        return cluster.client;
    }

    TestPods pods() {
        return new TestPods(cluster.client);
    }
}
