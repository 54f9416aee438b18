package dev.outrider.kubernetes.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * charts/outrider/values.yaml is a superset of Semaphore's `controller` chart (0.2.3): each of its values
 * is here with the same default, so a values file written for that chart means the same here.
 */
class ChartValuesTest {

    /** Semaphore's values and defaults (spec/kubernetes.md §2.3), by dotted path. */
    private static final Map<String, Object> SEMAPHORE_DEFAULTS = semaphoreDefaults();

    /** Semaphore's values whose defaults name Semaphore's images: here they name Outrider's. */
    private static final Map<String, Object> IMAGE_VALUES = Map.of("image", "outrider", "agent.image", "outrider",
            "agent.version", "");

    private final Map<String, Object> values = flatten(new KubernetesSerialization()
            .unmarshal(ChartFiles.read(ChartFiles.CHART.resolve("values.yaml")), Map.class));

    @Test
    void hasEverySemaphoreValueWithItsDefault() {
        assertThat(values).containsAllEntriesOf(SEMAPHORE_DEFAULTS);
    }

    @Test
    void defaultsToOutridersImageForTheControllerAndTheAgents() {
        assertThat(values).containsAllEntriesOf(IMAGE_VALUES);
    }

    @Test
    void outridersOwnValuesAreOffByDefault() {
        Map<String, Object> additions = new LinkedHashMap<>(values);
        additions.keySet().removeAll(SEMAPHORE_DEFAULTS.keySet());
        additions.keySet().removeAll(IMAGE_VALUES.keySet());

        assertThat(additions).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("agent.defaultPodSpec.preJobHook.toolboxUrl", ""),
                Map.entry("agent.command", ""),
                Map.entry("perTypeParallelism", 0),
                Map.entry("agent.labels", Map.of()),
                Map.entry("agent.resources", Map.of()),
                Map.entry("logs.level", ""),
                Map.entry("noHttps", false),
                Map.entry("statusPort", 0),
                Map.entry("nodeSelector", Map.of()),
                Map.entry("tolerations", List.of()),
                Map.entry("affinity", Map.of())));
    }

    private static Map<String, Object> semaphoreDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("endpoint", "");
        defaults.put("endpointSecret.name", "");
        defaults.put("endpointSecret.key", "endpoint");
        defaults.put("imageTag", "");
        defaults.put("imagePullPolicy", "IfNotPresent");
        defaults.put("agent.logLevel", "info");
        defaults.put("agent.defaultPodSpec.enabled", true);
        defaults.put("agent.defaultPodSpec.pod", Map.of());
        defaults.put("agent.defaultPodSpec.sidecarContainers", Map.of());
        defaults.put("agent.defaultPodSpec.mainContainer.env",
                List.of(Map.of("name", "SEMAPHORE_TOOLBOX_VERSION", "value", "v1.22.2")));
        defaults.put("agent.defaultPodSpec.preJobHook.enabled", true);
        defaults.put("agent.defaultPodSpec.preJobHook.path", "/opt/semaphore/hooks");
        defaults.put("agent.defaultPodSpec.preJobHook.failOnError", true);
        defaults.put("agent.defaultPodSpec.preJobHook.customScript", "");
        defaults.put("agent.podStartTimeout", 300);
        defaults.put("agent.allowedImages", "");
        defaults.put("agent.defaultImage", "");
        defaults.put("parallelism", 10);
        defaults.put("keepFailedJobsFor", "1d");
        defaults.put("keepSuccessfulJobsFor", 0);
        defaults.put("jobStartTimeout", "5m");
        defaults.put("logs.verbosity", "4");
        defaults.put("nameOverride", "");
        defaults.put("fullnameOverride", "");
        defaults.put("resources", Map.of());
        defaults.put("securityContext", Map.of());
        defaults.put("podSecurityContext", Map.of());
        return defaults;
    }

    /** Nested maps as dotted paths; an empty map, a list or a scalar is a leaf. */
    private static Map<String, Object> flatten(Map<?, ?> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> tree, Map<String, Object> flat) {
        tree.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                flatten(path + ".", map, flat);
            } else {
                flat.put(path, value);
            }
        });
    }
}
