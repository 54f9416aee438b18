package dev.outrider.kubernetes.pod;

import dev.outrider.spi.Job;
import dev.outrider.spi.PluginException;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Secrets of a job: its files (one key per file, named by the path in unpadded URL-safe base64, as
 * Semaphore's agent names them), mounted at {@code /tmp/injected}; and, when the job brings registry
 * credentials, a {@code kubernetes.io/dockerconfigjson} Secret the pod pulls with. Both immutable.
 * The limits a real API server enforces are checked here, with the file named.
 *
 * @param names       the job's object names
 * @param labels      the Secrets' labels
 * @param annotations the Secrets' annotations
 * @param owner       the agent's pod, when it runs in one
 */
public record JobSecrets(JobNames names, Map<String, String> labels, Map<String, String> annotations,
                         Optional<OwnerReference> owner) {

    /** What Kubernetes allows in one Secret. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    /** @return the key of a file's path in the Secret */
    public static String key(String path) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param files the job's files (those whose content was decoded)
     * @return the Secret
     * @throws PluginException naming a file that cannot be a key, or that makes the Secret too large
     */
    public Secret files(List<Job.File> files) {
        Map<String, String> data = new LinkedHashMap<>();
        long total = 0;
        for (Job.File file : files) {
            if (file.problem().isPresent()) {
                continue; // the core reports it when the file is injected
            }
            String key = key(file.path());
            if (!KEY.matcher(key).matches()) {
                throw new PluginException("the path of file '" + file.path() + "' is too long to be a Secret key ("
                        + key.length() + " characters after base64, at most 253 allowed); use a shorter path");
            }
            byte[] content = file.content();
            total += content.length;
            if (total > MAX_BYTES) {
                throw new PluginException("file '" + file.path() + "' (" + content.length + " bytes) makes the job's"
                        + " files larger than a Kubernetes Secret may be (1 MiB in all); inject large files another way,"
                        + " e.g. download them in a command");
            }
            data.put(key, Base64.getEncoder().encodeToString(content));
        }
        return secret(names.secret(), "Opaque", data);
    }

    /**
     * @param dockerConfig the {@code .dockerconfigjson} content
     * @return the pull Secret
     */
    public Secret pull(String dockerConfig) {
        return secret(names.pullSecret(), "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson",
                Base64.getEncoder().encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8))));
    }

    private Secret secret(String name, String type, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .withOwnerReferences(owner.map(List::of).orElse(null)).endMetadata()
                .withType(type).withImmutable(true).withData(data).build();
    }
}
