package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The engine and the test images that {@code .ci/docker-env} prepares (named in /tmp/outrider-test-docker.env). */
final class TestDocker {

    private static final Map<String, String> ENV = read();

    static final String IMAGE = ENV.getOrDefault("OUTRIDER_TEST_IMAGE", "outrider-test/bash:1");
    static final String SERVICE_IMAGE = ENV.getOrDefault("OUTRIDER_TEST_SERVICE_IMAGE", "outrider-test/service:1");
    static final String REGISTRY = ENV.getOrDefault("OUTRIDER_TEST_REGISTRY", "127.0.0.1:5000");
    static final String REGISTRY_USER = ENV.getOrDefault("OUTRIDER_TEST_REGISTRY_USER", "outrider");
    static final String REGISTRY_PASSWORD = ENV.getOrDefault("OUTRIDER_TEST_REGISTRY_PASSWORD", "");
    static final String PRIVATE_IMAGE = ENV.getOrDefault("OUTRIDER_TEST_PRIVATE_IMAGE", REGISTRY + "/outrider/private-bash:1");

    private static DockerClient client;

    private TestDocker() {
    }

    static synchronized DockerClient client() {
        if (client == null) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).build());
        }
        return client;
    }

    /** @return java.io.tmpdir, created if needed: the folder the tests share with their containers */
    static String sharedTemp() {
        Path shared = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try {
            Files.createDirectories(shared);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return shared.toString();
    }

    /** @return names of the containers labelled with the job id (running or not) */
    static List<String> containersOf(String jobId) {
        return client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.JOB, jobId)).exec()
                .stream().map(c -> String.join(",", c.getNames())).toList();
    }

    /** Removes the containers and networks labelled with the job id. */
    static void removeAllOf(String jobId) {
        client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.JOB, jobId)).exec()
                .forEach(c -> client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        client().listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && jobId.equals(n.getLabels().get(Labels.JOB)))
                .forEach(n -> client().removeNetworkCmd(n.getId()).exec());
    }

    /** @return names of the networks labelled with the job id */
    static List<String> networksOf(String jobId) {
        return client().listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && jobId.equals(n.getLabels().get(Labels.JOB)))
                .map(n -> n.getName()).toList();
    }

    private static Map<String, String> read() {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/tmp/outrider-test-docker.env"))) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            // defaults; the tests then say what is missing
        }
        return values;
    }
}
