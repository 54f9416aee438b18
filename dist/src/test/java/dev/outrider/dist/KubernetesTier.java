package dev.outrider.dist;

import dev.outrider.kubernetes.dockertier.Await;
import dev.outrider.kubernetes.dockertier.DockerCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Kubernetes end-to-end tests of the distribution share on top of the Docker tier of
 * plugin-kubernetes (its test-jar: fabric8's mock API server whose pods run as Docker containers): a
 * kubeconfig that processes of the host and of containers can read, and the objects the executor leaves.
 */
final class KubernetesTier {

    /** The label on every pod and Secret the Kubernetes executor makes. */
    static final String MANAGED_BY_OUTRIDER = "app.kubernetes.io/managed-by=outrider";

    private KubernetesTier() {
    }

    /** @return a kubeconfig for the cluster's API server in the folder, readable by every user (the image's agent is not root) */
    static Path kubeconfig(DockerCluster cluster, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path kubeconfig = cluster.kubeconfig(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
        return kubeconfig;
    }

    /** @return the kind and name of every pod and Secret of the executor in the namespace */
    static List<String> executorObjects(KubernetesClient client, String namespace) {
        List<String> objects = new ArrayList<>();
        client.pods().inNamespace(namespace).withLabel(label()[0], label()[1]).list().getItems()
                .forEach(pod -> objects.add(describe(pod)));
        client.secrets().inNamespace(namespace).withLabel(label()[0], label()[1]).list().getItems()
                .forEach(secret -> objects.add(describe(secret)));
        return objects;
    }

    /** Waits until the executor has deleted every pod and Secret it made in the namespace. */
    static void awaitNoExecutorObjects(KubernetesClient client, String namespace, Duration timeout) {
        Await.until("no pod or Secret of the executor left in " + namespace + " (left: "
                + executorObjects(client, namespace) + " when the wait began)", timeout,
                () -> executorObjects(client, namespace).isEmpty());
    }

    private static String[] label() {
        return MANAGED_BY_OUTRIDER.split("=");
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }
}
