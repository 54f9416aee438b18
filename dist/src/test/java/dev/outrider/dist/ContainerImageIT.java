package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outrider's container image, built from the distribution by its image/build-image.sh and loaded
 * with `docker import`, started the way Semaphore's Kubernetes controller starts an agent:
 * {@code /opt/semaphore/agent start --endpoint … --token … --job-id … --disconnect-after-job}. Skipped,
 * with the reason, only when no Docker engine answers (./dev test starts one through .ci/docker-env).
 */
class ContainerImageIT extends FakeControlPlaneTest {

    private static final String TAG = "outrider-image-it:" + ProcessHandle.current().pid();
    private static final String TOKEN = "registration-token-image";
    /** The copy the distribution ships, which takes its own installation by default. */
    private static final Path SCRIPT = Installation.HOME.resolve("image/build-image.sh");

    private static Path buildFolder;
    private final String container = "outrider-image-it-" + System.nanoTime();

    @BeforeAll
    static void buildImage() throws Exception {
        assumeTrue(DockerCommand.engineAnswers(),
                "skipped: no Docker engine answers 'docker info' (.ci/docker-env starts one; ./dev test runs it)");
        buildFolder = Files.createTempDirectory("outrider-image-it");
        Result built = new DockerCommand(buildFolder).run(600, SCRIPT.toString(), "--tag", TAG);
        assertThat(built.exitCode()).as("build-image.sh:\n%s", built).isZero();
        assertThat(built.stdout().strip()).isEqualTo(TAG);
    }

    @AfterEach
    void removeContainer() throws Exception {
        new DockerCommand(work.resolve("docker-rm")).run(60, "rm", "-f", container);
    }

    @AfterAll
    static void removeImage() throws Exception {
        if (buildFolder != null) {
            new DockerCommand(buildFolder).run(120, "rmi", "-f", TAG);
        }
    }

    @Test
    void startedAsSemaphoresAgentItRunsItsOneShellJobAsTheSemaphoreUserAndExitsZero() throws Exception {
        startHub("image", TOKEN);
        String job = hub.scheduleJobFor("image", FakeControlPlane.jobWithCommands(
                "echo \"user=$(id -un) uid=$(id -u) home=$HOME pwd=$(pwd)\"",
                "echo \"bash $BASH_VERSION\" && ls /opt/outrider/bin/outrider"));

        Result agent = new DockerCommand(work.resolve("docker-run")).run(180, "run", "--name", container,
                "--network", "host", "-e", "OUTRIDER_JAVA_OPTS=" + FAST_PAUSES, TAG,
                "/opt/semaphore/agent", "start", "--endpoint", hub.endpoint(), "--no-https", "--token", TOKEN,
                "--job-id", job, "--disconnect-after-job");

        assertThat(agent.exitCode()).as("the container's exit:\n%s", agent).isZero();
        String log = String.join("\n", hub.events(job));
        assertThat(hub.jobResult(job)).as("the job's result; its log:\n%s\n%s", log, agent).isEqualTo("passed");
        assertThat(log)
                .contains("user=semaphore uid=1000 home=/home/semaphore pwd=/home/semaphore")
                .contains("bash 5.").contains("/opt/outrider/bin/outrider");
        AgentSnapshot registered = hub.agents().get(0);
        assertThat(registered.registration().jobId()).isEqualTo(job);
        assertThat(registered.registration().singleJob()).isTrue();
        assertThat(agent.stdout() + agent.stderr()).doesNotContain(TOKEN);
    }

    @Test
    void startMapsTheClassDataSharingArchiveMadeWithTheImagesOwnRuntime() throws Exception {
        Result start = new DockerCommand(work.resolve("cds")).run(120, "run", "--rm", "--network", "none",
                "-e", "OUTRIDER_JAVA_OPTS=-Xlog:cds=info -Doutrider.protocol.registerAttempts=1", TAG,
                "/opt/semaphore/agent", "start", "--endpoint", "127.0.0.1:9", "--no-https", "--token", TOKEN);

        assertThat(start.stdout()).as("%s", start).contains("Opened shared archive file /opt/outrider/lib/outrider-start-jdk")
                .doesNotContain("An error has occurred while processing the shared archive");
    }

    @Test
    void answersSemaphoresVersionCommandAndRefusesOthersWithUsage() throws Exception {
        Result version = new DockerCommand(work.resolve("version")).run(120, "run", "--rm", "--network", "none",
                TAG, "/opt/semaphore/agent", "version");
        Result serve = new DockerCommand(work.resolve("serve")).run(120, "run", "--rm", "--network", "none",
                TAG, "/opt/semaphore/agent", "serve");

        assertThat(version.exitCode()).as("%s", version).isZero();
        assertThat(version.stdout()).startsWith("outrider ");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.stderr()).contains("Outrider answers 'agent start [flags]' and 'agent version'");
    }
}
