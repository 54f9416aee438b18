package dev.outrider.kubernetes.dockertier;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a pod's volumes as host folders, as a kubelet would: a Secret's {@code data} (base64) and
 * {@code stringData} (the mock API server keeps what was sent, unlike a real one), a ConfigMap's
 * {@code data}, an emptyDir, a hostPath as it is.
 */
final class PodVolumes {

    /** A volume on the host; Secrets and ConfigMaps are always mounted read-only, as the kubelet does. */
    record HostVolume(Path path, boolean alwaysReadOnly) {
    }

    /** A referenced object is missing: the kubelet reports CreateContainerConfigError. */
    static final class MissingObjectException extends RuntimeException {
        MissingObjectException(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final Path root;

    PodVolumes(KubernetesClient client, Path root) {
        this.client = client;
        this.root = root;
    }

    /** @return the host folder of each volume of the pod, by volume name */
    Map<String, HostVolume> prepare(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Path podRoot = root.resolve(namespace + "--" + pod.getMetadata().getName() + "--" + pod.getMetadata().getUid());
        Map<String, HostVolume> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            Path folder = podRoot.resolve(volume.getName());
            if (volume.getSecret() != null) {
                Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
                if (secret == null) {
                    throw new MissingObjectException("secret \"" + volume.getSecret().getSecretName() + "\" not found");
                }
                write(folder, keys(secret.getData(), secret.getStringData()), volume.getSecret().getItems(),
                        volume.getSecret().getDefaultMode());
                volumes.put(volume.getName(), new HostVolume(folder, true));
            } else if (volume.getConfigMap() != null) {
                ConfigMap map = client.configMaps().inNamespace(namespace).withName(volume.getConfigMap().getName()).get();
                if (map == null) {
                    throw new MissingObjectException("configmap \"" + volume.getConfigMap().getName() + "\" not found");
                }
                write(folder, keys(null, map.getData()), volume.getConfigMap().getItems(), volume.getConfigMap().getDefaultMode());
                volumes.put(volume.getName(), new HostVolume(folder, true));
            } else if (volume.getEmptyDir() != null) {
                create(folder, "rwxrwxrwx");
                volumes.put(volume.getName(), new HostVolume(folder, false));
            } else if (volume.getHostPath() != null) {
                volumes.put(volume.getName(), new HostVolume(Path.of(volume.getHostPath().getPath()), false));
            } else {
                throw new MissingObjectException("volume \"" + volume.getName() + "\": the fake kubelet knows only secret, "
                        + "configMap, emptyDir and hostPath volumes");
            }
        }
        return volumes;
    }

    /** Removes the pod's folders. */
    void remove(Pod pod) {
        Path podRoot = root.resolve(pod.getMetadata().getNamespace() + "--" + pod.getMetadata().getName() + "--"
                + pod.getMetadata().getUid());
        if (Files.exists(podRoot)) {
            try (var files = Files.walk(podRoot)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The value of one key of a Secret, from data or stringData; null when the Secret or key is missing. */
    static byte[] secretValue(Secret secret, String key) {
        return secret == null ? null : keys(secret.getData(), secret.getStringData()).get(key);
    }

    private static Map<String, byte[]> keys(Map<String, String> base64Data, Map<String, String> plain) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (base64Data != null) {
            base64Data.forEach((key, value) -> keys.put(key, Base64.getDecoder().decode(value)));
        }
        if (plain != null) {
            plain.forEach((key, value) -> keys.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        return keys;
    }

    private static void write(Path folder, Map<String, byte[]> keys, List<KeyToPath> items, Integer defaultMode) {
        create(folder, "rwxr-xr-x");
        Map<String, String> paths = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            keys.keySet().forEach(key -> paths.put(key, key));
        } else {
            items.forEach(item -> paths.put(item.getKey(), item.getPath()));
        }
        String mode = permissions(defaultMode == null ? 0644 : defaultMode);
        paths.forEach((key, relative) -> {
            byte[] value = keys.get(key);
            if (value == null) {
                throw new MissingObjectException("couldn't find key " + key + " for volume at " + folder.getFileName());
            }
            Path file = folder.resolve(relative);
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, value);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write volume file " + file, e);
            }
        });
    }

    private static void create(Path folder, String mode) {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create volume folder " + folder, e);
        }
    }

    private static String permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return text.toString();
    }
}
