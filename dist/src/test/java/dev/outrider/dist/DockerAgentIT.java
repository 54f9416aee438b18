package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeControlPlane;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `outrider start` with the bundled Docker plugin against a real engine: an agent type with
 * `executor: docker` runs a shell job request in its default image, and an `auto` agent type runs a
 * `dockercompose` request in the containers it names.
 */
class DockerAgentIT extends FakeControlPlaneTest {

    private static final String DOCKER_TOKEN = "registration-token-docker";
    private static final String AUTO_TOKEN = "registration-token-auto";
    private static final String IMAGE = testImage();

    @BeforeEach
    void startHubs() throws Exception {
        startHub("docker", DOCKER_TOKEN);
        hub.addAgentType("auto", AUTO_TOKEN);
        Path config = Files.writeString(work.resolve("agents.yml"), """
                endpoint: "%s"
                no-https: true
                agents:
                  - label: docker
                    token: "%s"
                    executor: docker
                    executor-options:
                      default-image: "%s"
                      pull-policy: never
                  - label: auto
                    token: "%s"
                """.formatted(hub.endpoint(), DOCKER_TOKEN, IMAGE, AUTO_TOKEN));
        agentWithConfig(config, "");
        hub.awaitRegistered(2, WAIT);
    }

    @Test
    void anAgentTypeWithTheDockerExecutorRunsAShellJobRequestInItsDefaultImage() {
        String job = hub.scheduleJobFor("docker", FakeControlPlane.jobWithCommands(
                "test -f /.dockerenv && echo in-a-container-of-$(id -un)"));

        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertThat(String.join("\n", hub.events(job))).contains("\"directive\":\"Pulling docker images...\"")
                .contains("Starting a new bash session.").contains("in-a-container-of-root");
    }

    @Test
    void anAutoAgentTypeRunsADockercomposeRequestInItsContainers() {
        JsonObject request = FakeControlPlane.jobWithCommands("echo \"$GREETING from $(hostname)\"")
                .put("executor", "dockercompose")
                .put("compose", new JsonObject().put("containers", new JsonArray().add(new JsonObject()
                        .put("name", "main").put("image", IMAGE)
                        .put("env_vars", new JsonArray().add(new JsonObject().put("name", "GREETING")
                                .put("value", java.util.Base64.getEncoder().encodeToString("hello".getBytes())))))));
        String job = hub.scheduleJobFor("auto", request);

        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertThat(String.join("\n", hub.events(job))).contains("\"output\":\"hello from ");
    }

    private static String testImage() {
        try {
            return Files.readAllLines(Path.of("/tmp/outrider-test-docker.env")).stream()
                    .filter(line -> line.startsWith("OUTRIDER_TEST_IMAGE=")).map(line -> line.substring(20))
                    .findFirst().orElse("outrider-test/bash:1");
        } catch (java.io.IOException e) {
            return "outrider-test/bash:1";
        }
    }
}
