package dev.outrider.kubernetes.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What the Kubernetes executor asks of the API server, in one namespace. Every failure is a
 * {@link ClusterException} whose message names the verb, the resource and the namespace.
 *
 * <p>Only the executor's own classes, loaded with the first job, use this interface: the extension
 * reaches it through {@link dev.outrider.kubernetes.Clusters}, which names no fabric8 type.
 */
public interface JobCluster {

    /** @return the namespace every call works in */
    String namespace();

    /** Creates a Secret. */
    void create(Secret secret);

    /** Creates a pod. */
    void create(Pod pod);

    /** Deletes a pod, at once; {@code false} when it did not exist. */
    boolean deletePod(String name);

    /** Deletes a Secret; {@code false} when it did not exist. */
    boolean deleteSecret(String name);

    /** @return the ConfigMap; empty when there is none of that name */
    Optional<ConfigMap> configMap(String name);

    /** @return the pod; empty when there is none of that name */
    Optional<Pod> pod(String name);

    /** @return the pods with this label */
    List<Pod> podsLabelled(String label, String value);

    /** @return the Secrets with this label */
    List<Secret> secretsLabelled(String label, String value);

    /**
     * Follows a pod's state (a watch; a GET every second where watching is forbidden) until
     * {@code done} accepts one, {@code timeout} passes or {@code cancelled} says so. {@code done} sees
     * an empty value when the pod does not exist.
     *
     * @return whether {@code done} accepted a state
     */
    boolean follow(String pod, Predicate<Optional<Pod>> done, Duration timeout, BooleanSupplier cancelled)
            throws InterruptedException;

    /**
     * Starts a command in a container with a terminal, over the API's exec stream.
     *
     * @param output gets everything the terminal prints, as it comes
     */
    PodTerminal exec(String pod, String container, OutputStream output, String... command);

    /** @return a reference to the pod the agent runs in, when it runs in a pod of this namespace */
    Optional<OwnerReference> agentPod();
}
