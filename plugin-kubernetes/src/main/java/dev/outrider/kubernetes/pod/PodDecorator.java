package dev.outrider.kubernetes.pod;

import dev.outrider.spi.PluginException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;

/**
 * Semaphore's pod spec decorator: a ConfigMap whose keys {@code mainContainer} and
 * {@code sidecarContainers} hold a container each (YAML) and {@code pod} a pod spec, merged into every
 * job pod. A missing key decorates nothing.
 *
 * @param main     what every main container starts from
 * @param sidecar  what every service container starts from
 * @param pod      what every pod spec starts from
 */
public record PodDecorator(Optional<Container> main, Optional<Container> sidecar, Optional<PodSpec> pod) {

    /** No decoration. */
    public static final PodDecorator NONE = new PodDecorator(Optional.empty(), Optional.empty(), Optional.empty());

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    /**
     * @param configMap the ConfigMap
     * @throws PluginException naming the ConfigMap and the key that is not a valid YAML document of its kind
     */
    public static PodDecorator parse(ConfigMap configMap) {
        String name = configMap.getMetadata().getName();
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        return new PodDecorator(read(data, "mainContainer", Container.class, name),
                read(data, "sidecarContainers", Container.class, name), read(data, "pod", PodSpec.class, name));
    }

    private static <T> Optional<T> read(Map<String, String> data, String key, Class<T> type, String configMap) {
        String text = data.get(key);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(YAML.unmarshal(text, type));
        } catch (RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new PluginException("error unmarshaling " + key + " from configmap '" + configMap + "': " + reason
                    + " (give a YAML " + type.getSimpleName() + " under the key " + key + ")");
        }
    }
}
