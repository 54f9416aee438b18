package dev.outrider.kubernetes;

import dev.outrider.kubernetes.api.Fabric8Cluster;
import dev.outrider.kubernetes.api.JobCluster;
import dev.outrider.kubernetes.pod.AgentIdentity;
import dev.outrider.kubernetes.pod.Leftovers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API client per cluster and namespace, built on first use (the first job) and shared by the
 * process's jobs; the first use also sweeps what agents which are gone left in the namespace.
 *
 * <p>This class names no fabric8 type: the extension holds it, and an agent that never runs a
 * Kubernetes job never loads the client library.
 */
final class Clusters {

    private static final Logger LOG = LoggerFactory.getLogger(Clusters.class);

    private final Map<String, JobCluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, String> environment;
    private final Path home;

    /**
     * @param environment the process environment ({@code KUBECONFIG}, {@code KUBERNETES_NAMESPACE}, ...)
     * @param home        the user's home folder ({@code ~/.kube/config})
     */
    Clusters(Map<String, String> environment, Path home) {
        this.environment = Map.copyOf(environment);
        this.home = home;
    }

    /**
     * @return the client of the options' cluster and namespace
     * @throws dev.outrider.spi.PluginException when no credentials are found
     */
    JobCluster connect(KubernetesOptions options) {
        String key = options.kubeconfig().map(Path::toString).orElse("") + "\n" + options.namespace() + "\n"
                + options.pingIntervalSeconds();
        return clusters.computeIfAbsent(key, k -> {
            JobCluster cluster = Fabric8Cluster.open(options.kubeconfig(), options.namespace(),
                    Duration.ofSeconds(options.pingIntervalSeconds()), environment, home);
            Thread.ofVirtual().name("kubernetes-leftovers").start(() -> sweep(cluster));
            return cluster;
        });
    }

    /** @return this agent process as its job objects name it */
    AgentIdentity identity(JobCluster cluster) {
        return AgentIdentity.of(cluster, environment);
    }

    private void sweep(JobCluster cluster) {
        try {
            Leftovers.sweep(cluster, identity(cluster));
        } catch (RuntimeException e) {
            LOG.warn("Could not look for pods and Secrets left by agents which are gone: {}", e.getMessage());
        }
    }
}
