package dev.outrider.kubernetes.cluster;

import dev.outrider.spi.PluginException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How Outrider reaches a Kubernetes API server, and in which namespace it works. Credentials come
 * from the first of: the {@code kubeconfig} option, {@code $KUBECONFIG} (its first file), the pod's
 * service account when running in a cluster, {@code ~/.kube/config}. The namespace is the
 * {@code namespace} option, else {@code $KUBERNETES_NAMESPACE} (set by the downward API, as
 * Semaphore's charts do), else {@code default}.
 *
 * @param config    fabric8's client configuration
 * @param namespace where pods, Secrets and Jobs are made
 * @param source    where the credentials came from, for messages (never the credentials themselves)
 */
public record ClusterConnection(Config config, String namespace, String source) {

    /** Where a pod's service account is mounted. */
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public ClusterConnection {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(source, "source");
    }

    /**
     * @param kubeconfig  the {@code kubeconfig} option, if given
     * @param namespace   the {@code namespace} option, if given
     * @param environment the process environment
     * @param home        the user's home folder (for {@code ~/.kube/config})
     * @return the connection's settings; nothing is contacted yet
     * @throws PluginException naming what was looked at when no credentials are found or a kubeconfig
     *                         cannot be read
     */
    public static ClusterConnection find(Optional<Path> kubeconfig, Optional<String> namespace,
                                         Map<String, String> environment, Path home) {
        return find(kubeconfig, namespace, environment, home, SERVICE_ACCOUNT);
    }

    static ClusterConnection find(Optional<Path> kubeconfig, Optional<String> namespace, Map<String, String> environment,
                                  Path home, Path serviceAccount) {
        String ns = namespace.filter(n -> !n.isBlank())
                .or(() -> Optional.ofNullable(environment.get("KUBERNETES_NAMESPACE")).filter(n -> !n.isBlank()))
                .orElse("default");
        if (kubeconfig.isPresent()) {
            return fromFile(kubeconfig.get(), "the kubeconfig option", ns);
        }
        String variable = environment.getOrDefault("KUBECONFIG", "");
        if (!variable.isBlank()) {
            return fromFile(Path.of(variable.split(":", -1)[0]), "$KUBECONFIG", ns);
        }
        if (!environment.getOrDefault("KUBERNETES_SERVICE_HOST", "").isBlank()
                && Files.isReadable(serviceAccount.resolve("token"))) {
            Config config = Config.autoConfigure(null);
            return new ClusterConnection(config, ns, "the pod's service account");
        }
        Path user = home.resolve(".kube").resolve("config");
        if (Files.isRegularFile(user)) {
            return fromFile(user, "~/.kube/config", ns);
        }
        throw new PluginException("no Kubernetes credentials: no kubeconfig option, KUBECONFIG is not set, this is"
                + " not a pod with a service account (" + serviceAccount + "/token), and " + user + " does not exist;"
                + " run the agent in the cluster with a service account, or point KUBECONFIG at a kubeconfig file");
    }

    private static ClusterConnection fromFile(Path file, String origin, String namespace) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PluginException("cannot read the kubeconfig " + file + " (from " + origin + "): " + e
                    + "; give a readable kubeconfig file");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(null, text, file.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new PluginException("the kubeconfig " + file + " (from " + origin + ") cannot be used: "
                    + e.getMessage());
        }
        return new ClusterConnection(config, namespace, file + " (from " + origin + ")");
    }

    /** @return a new client over the JDK's HTTP client; the caller closes it */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    /**
     * @param pingInterval how often open WebSockets (exec streams, watches) are pinged, so that idle ones
     *                     survive proxies and load balancers that drop quiet connections
     * @return a new client over the JDK's HTTP client; the caller closes it
     */
    public KubernetesClient client(java.time.Duration pingInterval) {
        Config pinging = new io.fabric8.kubernetes.client.ConfigBuilder(config)
                .withWebsocketPingInterval(pingInterval.toMillis()).build();
        return new KubernetesClientBuilder().withConfig(pinging).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }
}
