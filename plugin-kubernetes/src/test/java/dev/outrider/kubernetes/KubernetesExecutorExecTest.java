package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.testing.ExecBridge;
import dev.outrider.kubernetes.testing.FakeCluster;
import dev.outrider.config.JobSettings;
import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jobs end to end over the exec stream: a host bash behind the fake API server's exec bridge. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesExecutorExecTest {

    @TempDir
    static Path temp;

    private FakeCluster cluster;
    private JobHarness harness;

    @BeforeAll
    void start() {
        cluster = new FakeCluster(temp);
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.put("default-image", "outrider-test/bash:1");
        harness = new JobHarness(new KubernetesExecutorFactory(Map.of(), temp), options);
    }

    @AfterAll
    void stop() {
        harness.close();
        cluster.close();
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        FakeCluster.await(() -> cluster.pods().isEmpty() && cluster.secrets().isEmpty(), Duration.ofSeconds(30),
                "the job's pod and Secret are deleted");
        FakeCluster.await(() -> ExecBridge.processesOf(null).isEmpty(), Duration.ofSeconds(30),
                "the pod's processes end");
    }

    @Test
    void aStreamCutMidCommandFailsTheJobWithANamedError() throws Exception {
        JobHarness.Running running = harness.start(JobRequests.job().command("echo started; sleep 60")
                .command("echo never").build(), JobSettings.NONE);
        running.awaitLine(line -> line.contains("started\\n"), Duration.ofSeconds(60));
        cluster.bridge().cut(FakeCluster.NAMESPACE, "semaphore-job-test-job");
        JobRun run = running.await(Duration.ofSeconds(60));
        assertThat(run.result()).isEqualTo(JobResult.FAILED);
        assertThat(run.outputOf("echo started; sleep 60")).isEqualTo("started\n"
                + "Outrider lost the exec stream to pod semaphore-job-test-job (container main) before the command ended:"
                + " the stream closed (code 1001); the job fails\n");
        assertThat(run.output()).doesNotContain("never");
    }

    @Test
    void aStoppedJobEndsItsCommandAndIsStopped() throws Exception {
        JobHarness.Running running = harness.start(JobRequests.job().command("echo started; sleep 60").build(),
                JobSettings.NONE);
        running.awaitLine(line -> line.contains("started\\n"), Duration.ofSeconds(60));
        running.stop();
        JobRun run = running.await(Duration.ofSeconds(60));
        assertThat(run.result()).isEqualTo(JobResult.STOPPED);
    }

    @Test
    void filesWithBlanksInTheirPathsAreInjected() throws Exception {
        String path = temp.resolve("with blank/a 'quoted' file.txt").toString();
        JobRun run = harness.run(JobRequests.job().file(path, "content\n", "0600").command("cat \"" + path + "\"")
                .command("stat -c %a \"" + path + "\"").build());
        assertThat(run.result()).isEqualTo(JobResult.PASSED);
        assertThat(run.outputOf("cat \"" + path + "\"")).isEqualTo("content\n");
        assertThat(run.outputOf("stat -c %a \"" + path + "\"")).isEqualTo("600\n");
    }

    @Test
    void quietExecStreamsArePinged() throws Exception {
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.putAll(Map.of("default-image", "img", "ping-interval", 1));
        try (JobHarness pinging = new JobHarness(new KubernetesExecutorFactory(Map.of(), temp), options)) {
            JobHarness.Running running = pinging.start(JobRequests.job().command("sleep 60").build(), JobSettings.NONE);
            running.awaitLine(line -> line.contains("\"directive\":\"sleep 60\""), Duration.ofSeconds(60));
            FakeCluster.await(() -> cluster.bridge().pings(FakeCluster.NAMESPACE, "semaphore-job-test-job") >= 2,
                    Duration.ofSeconds(30), "the quiet exec stream is pinged");
            running.stop();
            assertThat(running.await(Duration.ofSeconds(60)).result()).isEqualTo(JobResult.STOPPED);
        }
    }

    @Test
    void theMainContainersEnvironmentReachesTheShell() throws Exception {
        JobRun run = harness.run(JobRequests.job().container("main", "outrider-test/bash:1", "", "", "", "GREETING=hi there")
                .command("echo \"$GREETING\"").build());
        assertThat(run.outputOf("echo \"$GREETING\"")).isEqualTo("hi there\n");
    }

    /** Not a benchmark: prints how long jobs take from their start to their first command's end, over the bridge. */
    @Test
    void theFirstCommandRunsSoonAfterTheJobStarts() throws Exception {
        for (int round = 1; round <= 3; round++) {
            long started = System.nanoTime();
            JobHarness.Running running = harness.start(JobRequests.job().command("true").build(), JobSettings.NONE);
            running.awaitLine(line -> line.contains("\"cmd_finished\"") && line.contains("\"directive\":\"true\""),
                    Duration.ofSeconds(60));
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("job start to first command done over the exec bridge, job " + round + " of this JVM's"
                    + " harness: " + millis + " ms");
            assertThat(running.await(Duration.ofSeconds(60)).result()).isEqualTo(JobResult.PASSED);
            nothingLeft();
        }
    }

    @Test
    void runsCommandsInThePodAndLogsTheStartSteps() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("echo Hello World").command("exit 3").build());
        assertThat(run.result()).isEqualTo(JobResult.FAILED);
        assertThat(run.outputOf("echo Hello World")).isEqualTo("Hello World\n");
        String start = run.outputOf("Starting shell session...");
        assertThat(start).contains("Pod is ready.\n", "Starting a new bash session in the pod...\n",
                "Shell session is ready.\n", "User: root\n", "Working directory: ");
    }
}
