package dev.outrider.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.kubernetes.testing.Golden;
import dev.outrider.spi.Job;
import dev.outrider.spi.PluginException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The job's Secrets against golden JSON, and the limits a real API server would enforce. */
class JobSecretsTest {

    private static final JobNames NAMES = new JobNames("1f8b2c3d-aaaa-bbbb-cccc-0123456789ab");
    private static final JobSecrets SECRETS = new JobSecrets(NAMES, NAMES.labels(Map.of("team", "a")),
            Map.of(AgentIdentity.AGENT, "agent-0/1/1700000000000"), Optional.empty());

    private static Job.File file(String path, String content) {
        return new Job.File(path, content.getBytes(StandardCharsets.UTF_8), "0644", OptionalLong.of(0644), Optional.empty());
    }

    @Test
    void filesAreKeyedByTheirPathInUnpaddedUrlSafeBase64() throws Exception {
        Golden.assertMatches(SECRETS.files(List.of(file("/home/semaphore/.ssh/id_rsa", "key\n"),
                file("relative/path?.txt", "x"))), "secret-files");
        assertThat(JobSecrets.key("a?>")).isEqualTo("YT8-");
    }

    @Test
    void registryCredentialsBecomeADockerConfigPullSecret() throws Exception {
        String config = PullCredentials.dockerConfig(List.of(
                credentials("DOCKER_CREDENTIAL_TYPE=DockerHub", "DOCKERHUB_USERNAME=me", "DOCKERHUB_PASSWORD=pw"),
                credentials("DOCKER_CREDENTIAL_TYPE=GenericDocker", "DOCKER_URL=registry.example.com",
                        "DOCKER_USERNAME=robot", "DOCKER_PASSWORD=s\"3")));
        Golden.assertMatches(SECRETS.pull(config), "secret-pull");
        assertThat(config).isEqualTo("{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"me\",\"password\":\"pw\","
                + "\"auth\":\"bWU6cHc=\"},\"registry.example.com\":{\"username\":\"robot\",\"password\":\"s\\\"3\","
                + "\"auth\":\"cm9ib3Q6cyIz\"}}}");
    }

    @Test
    void credentialsOfAnUnknownTypeAreRefusedNamingIt() {
        assertThatThrownBy(() -> PullCredentials.dockerConfig(List.of(credentials("DOCKER_CREDENTIAL_TYPE=Quay"))))
                .hasMessage("DOCKER_CREDENTIAL_TYPE 'Quay' is not supported by the kubernetes executor; use DockerHub,"
                        + " GenericDocker or GCR");
    }

    @Test
    void filesOverOneMebibyteInAllAreRefusedNamingTheFile() {
        assertThatThrownBy(() -> SECRETS.files(List.of(file("/a", "x".repeat(1024 * 1024 - 1)), file("/b", "yy"))))
                .isInstanceOf(PluginException.class).hasMessageStartingWith("file '/b' (2 bytes) makes the job's files larger");
    }

    private static Job.RegistryCredentials credentials(String... env) {
        return new Job.RegistryCredentials(java.util.Arrays.stream(env).map(pair -> new Job.EnvVar(
                pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)
                .getBytes(StandardCharsets.UTF_8))).toList(), List.of());
    }
}
