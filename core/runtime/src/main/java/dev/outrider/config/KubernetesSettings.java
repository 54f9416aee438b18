package dev.outrider.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Semaphore's {@code kubernetes-*} keys, read and validated; for the {@code kubernetes} executor
 * they become its options ({@link KubernetesExecutorKeys}), for any other they are unused.
 *
 * @param executor         {@code kubernetes-executor}
 * @param podSpec          {@code kubernetes-pod-spec}: a ConfigMap name, or {@code ""}
 * @param allowedImages    {@code kubernetes-allowed-images}: regular expressions (valid ones); empty: all
 * @param podStartTimeout  {@code kubernetes-pod-start-timeout}, seconds, 0 or more
 * @param labels           {@code kubernetes-labels}, in their order
 * @param defaultImage     {@code kubernetes-default-image}, or {@code ""}
 */
public record KubernetesSettings(boolean executor, String podSpec, List<String> allowedImages, int podStartTimeout,
                                 Map<String, String> labels, String defaultImage) {

    /** Semaphore's defaults: no Kubernetes, a 300 s pod start timeout. */
    public static final KubernetesSettings DEFAULT = new KubernetesSettings(false, "", List.of(), 300, Map.of(), "");

    public KubernetesSettings {
        Objects.requireNonNull(podSpec, "podSpec");
        allowedImages = List.copyOf(allowedImages);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        Objects.requireNonNull(defaultImage, "defaultImage");
    }
}
