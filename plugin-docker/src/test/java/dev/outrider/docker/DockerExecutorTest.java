package dev.outrider.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.outrider.config.JobSettings;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only a container executor does: services, registries, images, limits, clean-up. */
class DockerExecutorTest {

    static {
        TestDocker.sharedTemp(); // java.io.tmpdir (set by the pom) must exist before any temporary file is made
    }

    private JobHarness harness;

    private JobHarness harness(Map<String, Object> options) {
        harness = new JobHarness(new DockerExecutorFactory(), options);
        return harness;
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
        List<String> containers = TestDocker.containersOf("test-job");
        List<String> networks = TestDocker.networksOf("test-job");
        TestDocker.removeAllOf("test-job"); // so that one failure does not fail the tests after it
        assertThat(containers).as("containers left by the test's job").isEmpty();
        assertThat(networks).as("networks left by the test's job").isEmpty();
    }

    private static String log(JobRun run) {
        return String.join("\n", run.lines());
    }

    @Test
    void aShellJobRequestRunsInTheDefaultImage() throws Exception {
        JobRun run = harness(Map.of("default-image", TestDocker.IMAGE, "pull-policy", "never"))
                .run(JobRequests.job().command("test -f /.dockerenv && echo in-a-container").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.PASSED);
        assertThat(log(run)).contains("\"directive\":\"Pulling docker images...\"")
                .contains("\"output\":\"Starting a new bash session.\\n\"").contains("in-a-container");
    }

    @Test
    void aServiceContainerIsReachedByItsNameFromTheMainOne() throws Exception {
        JobRun run = harness(Map.of("pull-policy", "never")).run(JobRequests.job()
                .container("main", TestDocker.IMAGE)
                .container("db", TestDocker.SERVICE_IMAGE, "sh -c 'echo pong-from-db > /tmp/index.html; exec httpd -f -p 8080 -h /tmp'", "", "")
                .command("for i in $(seq 1 50); do wget -q -O - http://db:8080/index.html && break; sleep 0.2; done")
                .build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.PASSED);
        assertThat(log(run)).contains("pong-from-db");
    }

    @Test
    void theMainContainerGetsItsUserEnvironmentAndEntrypoint() throws Exception {
        JobRun run = harness(Map.of("pull-policy", "never")).run(JobRequests.job()
                .container("main", TestDocker.IMAGE, "", "/bin/env FROM_ENTRYPOINT=yes", "nobody", "FROM_CONTAINER=c1")
                .command("echo \"user=$(id -u) container=$FROM_CONTAINER entrypoint=$FROM_ENTRYPOINT job=$JOB_VAR\"")
                .env("JOB_VAR", "j1")
                .file("/tmp/injected.txt", "secret", "0600")
                .command("stat -c '%u %a' /tmp/injected.txt && cat /tmp/injected.txt")
                .build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.PASSED);
        assertThat(log(run)).contains("user=65534 container=c1 entrypoint=yes job=j1")
                .contains("65534 600\\nsecret");
    }

    @Test
    void aPrivateImageIsPulledWithTheJobsCredentials() throws Exception {
        removeLocally(TestDocker.PRIVATE_IMAGE);
        JobRun run = harness(Map.of("pull-policy", "if-not-present")).run(JobRequests.job()
                .container("main", TestDocker.PRIVATE_IMAGE)
                .pullCredentials("DOCKER_CREDENTIAL_TYPE=GenericDocker", "DOCKER_URL=http://" + TestDocker.REGISTRY,
                        "DOCKER_USERNAME=" + TestDocker.REGISTRY_USER, "DOCKER_PASSWORD=" + TestDocker.REGISTRY_PASSWORD)
                .command("echo pulled-and-running").build());
        try {
            assertThat(run.result()).as(log(run)).isEqualTo(JobResult.PASSED);
            assertThat(log(run)).contains("\"directive\":\"Setting up image pull credentials\"")
                    .contains("Setting up credentials for Docker\\n")
                    .contains("docker login --username outrider --password-stdin " + TestDocker.REGISTRY)
                    .contains("Login Succeeded").contains("Status: Downloaded newer image for " + TestDocker.PRIVATE_IMAGE).contains("pulled-and-running")
                    .doesNotContain(TestDocker.REGISTRY_PASSWORD);
        } finally {
            removeLocally(TestDocker.PRIVATE_IMAGE);
        }
    }

    @Test
    void badCredentialsFailTheJobWithTheRegistrysAnswer() throws Exception {
        removeLocally(TestDocker.PRIVATE_IMAGE);
        JobRun run = harness(Map.of()).run(JobRequests.job()
                .container("main", TestDocker.PRIVATE_IMAGE)
                .pullCredentials("DOCKER_CREDENTIAL_TYPE=GenericDocker", "DOCKER_URL=" + TestDocker.REGISTRY,
                        "DOCKER_USERNAME=outrider", "DOCKER_PASSWORD=wrong-password")
                .command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("Login failed: ").containsIgnoringCase("unauthorized")
                .contains("\"directive\":\"Setting up image pull credentials\",\"exit_code\":1")
                .doesNotContain("Pulling docker images").doesNotContain("never");
    }

    @Test
    void aPrivateImageWithoutCredentialsFailsWithTheRegistrysMessage() throws Exception {
        removeLocally(TestDocker.PRIVATE_IMAGE);
        JobRun run = harness(Map.of()).run(JobRequests.job().container("main", TestDocker.PRIVATE_IMAGE)
                .command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("Failed to pull " + TestDocker.PRIVATE_IMAGE + ": ")
                .contains("no basic auth credentials")
                .contains("\"directive\":\"Pulling docker images...\",\"exit_code\":1").doesNotContain("never");
    }

    @Test
    void anImageThatDoesNotExistFailsTheJobCleanly() throws Exception {
        String missing = TestDocker.REGISTRY + "/outrider/does-not-exist:1";
        JobRun run = harness(Map.of()).run(JobRequests.job().container("main", missing)
                .pullCredentials("DOCKER_CREDENTIAL_TYPE=GenericDocker", "DOCKER_URL=" + TestDocker.REGISTRY,
                        "DOCKER_USERNAME=" + TestDocker.REGISTRY_USER, "DOCKER_PASSWORD=" + TestDocker.REGISTRY_PASSWORD)
                .command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("Failed to pull " + missing + ": ").contains("manifest unknown")
                .doesNotContain("Starting the docker image");
    }

    @Test
    void pullPolicyNeverFailsForAnImageThisMachineLacks() throws Exception {
        JobRun run = harness(Map.of("pull-policy", "never")).run(JobRequests.job()
                .container("main", "outrider-test/absent:1").command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("Image outrider-test/absent:1 is not on this machine, and the agent's pull-policy is never");
    }

    @Test
    void anImageOutsideTheAllowListIsRefusedWithoutAPull() throws Exception {
        JobRun run = harness(Map.of("allowed-images", List.of("outrider-test/*", "registry.example.com/team/*")))
                .run(JobRequests.job().container("main", "postgres:16").command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("Image postgres:16 is not allowed on this agent; allowed-images: "
                + "outrider-test/*, registry.example.com/team/*").doesNotContain("Pulling postgres");
    }

    @Test
    void aStoppedJobLeavesNoContainerNetworkOrVolume() throws Exception {
        int volumesBefore = TestDocker.client().listVolumesCmd().exec().getVolumes().size();
        JobHarness.Running running = harness(Map.of("pull-policy", "never", "stop-timeout", "1")).start(JobRequests.job()
                .container("main", TestDocker.IMAGE)
                .container("cache", TestDocker.SERVICE_IMAGE, "sleep 1000", "", "")
                .command("sleep 1000 > /dev/null 2>&1 &").command("sleep 1001").build(), JobSettings.NONE);
        running.awaitLine(line -> line.contains("\"directive\":\"sleep 1001\""), Duration.ofSeconds(60));
        assertThat(TestDocker.containersOf("test-job")).hasSize(2);

        running.stop();
        JobRun run = running.await(Duration.ofSeconds(60));

        assertThat(run.result()).isEqualTo(JobResult.STOPPED);
        assertThat(TestDocker.containersOf("test-job")).isEmpty();
        assertThat(TestDocker.networksOf("test-job")).isEmpty();
        assertThat(TestDocker.client().listVolumesCmd().exec().getVolumes()).hasSize(volumesBefore);
    }

    @Test
    void aJobWithoutContainersAndWithoutDefaultImageFailsSayingSo() throws Exception {
        JobRun run = harness(Map.of()).run(JobRequests.job().command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("This job names no container (compose.containers is empty) and the agent type"
                + " sets no default-image in its executor-options");
    }

    @Test
    void credentialsWithoutAKnownTypeFailSayingWhichTypesThereAre() throws Exception {
        JobRun run = harness(Map.of("pull-policy", "never")).run(JobRequests.job()
                .container("main", TestDocker.IMAGE).pullCredentials("DOCKER_USERNAME=someone").command("echo never").build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(log(run)).contains("Failed to resolve docker login strategy: DOCKER_CREDENTIAL_TYPE is not set;"
                + " use DockerHub, GenericDocker, AWS_ECR or GCR\\n").doesNotContain("never");
    }

    @Test
    void containersGetTheConfiguredMemoryAndCpuLimits() throws Exception {
        JobRun run = harness(Map.of("default-image", TestDocker.IMAGE, "pull-policy", "never", "memory", "64m",
                "cpus", "0.5")).run(JobRequests.job()
                .command("cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max")
                .command("cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cut -d' ' -f1 /sys/fs/cgroup/cpu.max")
                .build());

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.PASSED);
        assertThat(log(run)).contains("\"output\":\"67108864\\n\"").contains("\"output\":\"50000\\n\"");
    }

    @Test
    void agentHostFilesAreMountedIntoTheMainContainer() throws Exception {
        java.nio.file.Path hostFile = java.nio.file.Files.writeString(
                java.nio.file.Path.of(TestDocker.sharedTemp(), "host-file-" + System.nanoTime() + ".txt"), "from the host");
        JobSettings settings = new JobSettings(List.of(), "", "", false, false,
                List.of(new ExecutorContext.HostFile(hostFile.toString(), "/etc/outrider/host-file.txt"),
                        new ExecutorContext.HostFile("/nonexistent/file.txt", "/etc/missing.txt")), false);
        JobRun run = harness(Map.of("default-image", TestDocker.IMAGE, "pull-policy", "never")).run(JobRequests.job()
                .command("cat /etc/outrider/host-file.txt").command("test ! -e /etc/missing.txt").build(), settings);

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.PASSED);
        assertThat(log(run)).contains("\"output\":\"from the host\"");
    }

    @Test
    void aMissingHostFileFailsTheJobWhenFailOnMissingFilesIsSet() throws Exception {
        JobSettings settings = new JobSettings(List.of(), "", "", false, false,
                List.of(new ExecutorContext.HostFile("/nonexistent/file.txt", "/etc/missing.txt")), true);
        JobRun run = harness(Map.of("default-image", TestDocker.IMAGE, "pull-policy", "never"))
                .run(JobRequests.job().command("echo never").build(), settings);

        assertThat(run.result()).as(log(run)).isEqualTo(JobResult.FAILED);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).contains("job_started");
        assertThat(run.lines().get(1)).contains("\"result\":\"failed\"");
    }

    @Test
    void containersAndNetworksACrashedAgentLeftAreRemovedWhenAnAgentTypeStarts() throws Exception {
        String host = Labels.owner().substring(0, Labels.owner().indexOf('/'));
        Map<String, String> dead = Map.of(Labels.JOB, "crashed-job", Labels.OWNER, host + "/999999999/1");
        Map<String, String> alive = Map.of(Labels.JOB, "live-job", Labels.OWNER, Labels.owner());
        var docker = TestDocker.client();
        docker.createContainerCmd(TestDocker.IMAGE).withLabels(dead).withCmd("sleep", "1000")
                .exec().getId();
        docker.createContainerCmd(TestDocker.IMAGE).withLabels(alive).withCmd("sleep", "1000")
                .exec().getId();
        docker.createNetworkCmd().withName("outrider-crashed-" + System.nanoTime()).withLabels(dead)
                .exec().getId();
        try {
            new DockerExecutorFactory().prepare(Map.of("pull-policy", "never"));

            // removed in the background, containers first and networks after: wait for both
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((!TestDocker.containersOf("crashed-job").isEmpty() || !TestDocker.networksOf("crashed-job").isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(TestDocker.containersOf("crashed-job")).isEmpty();
            assertThat(TestDocker.networksOf("crashed-job")).isEmpty();
            assertThat(TestDocker.containersOf("live-job")).hasSize(1);
        } finally {
            TestDocker.removeAllOf("crashed-job");
            TestDocker.removeAllOf("live-job");
        }
    }

    @Test
    void invalidOptionsStopTheAgentTypeAtStartNamingTheKey() {
        var factory = new DockerExecutorFactory();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.prepare(Map.of("memory", "lots")))
                .isInstanceOf(dev.outrider.spi.PluginException.class)
                .hasMessage("executor 'docker': option 'memory': 'lots' is not valid; use a size of 6m or more, such as"
                        + " 512m or 2g (bytes, k, m or g)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.prepare(Map.of("pull-polcy", "never")))
                .hasMessageStartingWith("executor 'docker': option 'pull-polcy' is unknown; accepted options: ");
    }

    private static void removeLocally(String image) {
        try {
            TestDocker.client().removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // not there: fine
        }
    }
}
