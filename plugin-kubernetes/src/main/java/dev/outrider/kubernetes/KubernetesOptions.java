package dev.outrider.kubernetes;

import dev.outrider.spi.PluginException;
import dev.outrider.toolkit.PluginOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of an agent type whose executor is {@code kubernetes}: Semaphore's {@code kubernetes-*}
 * keys as the core maps them, and Outrider's own from {@code executor-options}.
 *
 * @param namespace              where job pods go; empty: {@code $KUBERNETES_NAMESPACE}, else {@code default}
 * @param kubeconfig             a kubeconfig file; empty: {@code $KUBECONFIG}, the service account, {@code ~/.kube/config}
 * @param podSpec                the decorator ConfigMap's name; empty: none
 * @param allowedImages          the images jobs may use; no pattern: any
 * @param podStartTimeoutSeconds how long a pod may take to become ready (Semaphore's 0 means 60)
 * @param labels                 labels of every pod and Secret, in their order
 * @param defaultImage           the main container's image for jobs that name none; empty: such jobs fail
 * @param activeDeadlineSeconds  the pods' {@code activeDeadlineSeconds}; 0: none (the decorator's, if it gives one)
 * @param pingIntervalSeconds    how often exec streams are pinged, so that quiet ones stay open
 */
public record KubernetesOptions(String namespace, Optional<Path> kubeconfig, String podSpec, AllowedImages allowedImages,
                                int podStartTimeoutSeconds, Map<String, String> labels, String defaultImage,
                                long activeDeadlineSeconds, int pingIntervalSeconds) {

    /** Semaphore's default pod start timeout. */
    static final int DEFAULT_POD_START_TIMEOUT = 300;
    /** A backstop should the agent die: Semaphore's longest job limit, and what its controller gives agent Jobs. */
    static final int DEFAULT_ACTIVE_DEADLINE_SECONDS = 86_400;

    private static final String OWNER = "executor 'kubernetes'";
    private static final Set<String> KEYS = new TreeSet<>(List.of("namespace", "kubeconfig", "pod-spec",
            "allowed-images", "pod-start-timeout", "labels", "default-image", "active-deadline-seconds",
            "ping-interval"));

    public KubernetesOptions {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /**
     * @param options the agent type's executor options
     * @return them, checked
     * @throws PluginException naming the key, the bad value and the accepted form
     */
    public static KubernetesOptions parse(Map<String, Object> options) {
        PluginOptions read = new PluginOptions(OWNER, options).requireKnownKeys(KEYS);
        int timeout = read.text("pod-start-timeout").map(text -> timeout(read, text)).orElse(DEFAULT_POD_START_TIMEOUT);
        return new KubernetesOptions(
                read.text("namespace").orElse(""),
                read.text("kubeconfig").filter(path -> !path.isEmpty()).map(Path::of),
                read.text("pod-spec").orElse(""),
                AllowedImages.of(read.list("allowed-images").orElse(List.of()), OWNER),
                timeout == 0 ? 60 : timeout,
                labels(read, options.get("labels")),
                read.text("default-image").orElse(""),
                read.integer("active-deadline-seconds", 0, Integer.MAX_VALUE,
                        "a whole number of seconds, 0 for none").orElse(DEFAULT_ACTIVE_DEADLINE_SECONDS),
                read.integer("ping-interval", 1, 3600, "a whole number of seconds from 1 to 3600").orElse(30));
    }

    private static int timeout(PluginOptions read, String text) {
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw read.invalid("pod-start-timeout", text, "a whole number of seconds, 0 or more (0 means 60)");
    }

    /** Labels as a map ({@code {k: v}}) or as Semaphore's list of {@code k=v} items. */
    private static Map<String, String> labels(PluginOptions read, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?>) {
            return read.map("labels").orElse(Map.of());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String item : read.list("labels").orElse(List.of())) {
            String[] parts = item.split("=", -1);
            if (parts.length != 2) {
                throw read.invalid("labels", item, "KEY=VALUE items with exactly one '=', or a map {KEY: VALUE}");
            }
            labels.put(parts[0], parts[1]);
        }
        return labels;
    }
}
