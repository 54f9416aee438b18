package dev.outrider.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Semaphore's {@code kubernetes-*} keys, turned into what Outrider's agent config holds: with
 * {@code kubernetes-executor: true} every job runs with the {@code kubernetes} executor, and the
 * other keys become that executor's options ({@code kubernetes-pod-spec} is the option
 * {@code pod-spec}, and so on), next to those given in {@code executor-options}.
 */
final class KubernetesExecutorKeys {

    /** The Kubernetes executor's name. */
    static final String EXECUTOR = "kubernetes";

    private static final Map<ConfigKey, String> OPTIONS = Map.of(
            ConfigKey.KUBERNETES_POD_SPEC, "pod-spec",
            ConfigKey.KUBERNETES_ALLOWED_IMAGES, "allowed-images",
            ConfigKey.KUBERNETES_POD_START_TIMEOUT, "pod-start-timeout",
            ConfigKey.KUBERNETES_LABELS, "labels",
            ConfigKey.KUBERNETES_DEFAULT_IMAGE, "default-image");

    private KubernetesExecutorKeys() {
    }

    /**
     * @param configured the {@code executor} key's value ({@code ""}: auto)
     * @param settings   the keys that were given
     * @return the executor: {@code kubernetes} when {@code kubernetes-executor} is true
     * @throws ConfigException when {@code kubernetes-executor: true} meets another executor
     */
    static String executor(String configured, KubernetesSettings kubernetes, Map<ConfigKey, Setting> settings) {
        if (!kubernetes.executor() || configured.equals(EXECUTOR)) {
            return kubernetes.executor() ? EXECUTOR : configured;
        }
        if (!configured.isEmpty()) {
            throw settings.get(ConfigKey.EXECUTOR).problem("'" + configured + "' contradicts kubernetes-executor: true"
                    + " (" + settings.get(ConfigKey.KUBERNETES_EXECUTOR).where() + "), which runs every job with the"
                    + " kubernetes executor; remove one of them");
        }
        return EXECUTOR;
    }

    /**
     * @param executor the agent type's executor
     * @param options  its {@code executor-options}
     * @return the options with those the {@code kubernetes-*} keys give, for the kubernetes executor;
     *         {@code options} for any other (the keys are then accepted and unused, as by Semaphore's agent)
     * @throws ConfigException when a key and {@code executor-options} both give an option
     */
    static Map<String, Object> options(String executor, Map<String, Object> options, KubernetesSettings kubernetes,
                                       Map<ConfigKey, Setting> settings) {
        if (!executor.equals(EXECUTOR)) {
            return options;
        }
        Map<String, Object> merged = new LinkedHashMap<>(options);
        for (Map.Entry<ConfigKey, String> key : OPTIONS.entrySet()) {
            Setting setting = settings.get(key.getKey());
            if (setting == null) {
                continue;
            }
            if (options.containsKey(key.getValue())) {
                throw setting.problem("executor-options gives '" + key.getValue() + "' too; give it in one place");
            }
            merged.put(key.getValue(), value(key.getKey(), kubernetes));
        }
        return merged;
    }

    private static Object value(ConfigKey key, KubernetesSettings kubernetes) {
        return switch (key) {
            case KUBERNETES_POD_SPEC -> kubernetes.podSpec();
            case KUBERNETES_ALLOWED_IMAGES -> kubernetes.allowedImages();
            case KUBERNETES_POD_START_TIMEOUT -> kubernetes.podStartTimeout();
            case KUBERNETES_LABELS -> kubernetes.labels();
            case KUBERNETES_DEFAULT_IMAGE -> kubernetes.defaultImage();
            default -> throw new IllegalArgumentException(key.name());
        };
    }
}
