package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.testing.ExecBridge;
import dev.outrider.kubernetes.testing.FakeCluster;
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
    void runsCommandsInThePodAndLogsTheStartSteps() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("echo Hello World").command("exit 3").build());
        assertThat(run.result()).isEqualTo(JobResult.FAILED);
        assertThat(run.outputOf("echo Hello World")).isEqualTo("Hello World\n");
        String start = run.outputOf("Starting shell session...");
        assertThat(start).contains("Pod is ready.\n", "Starting a new bash session in the pod...\n",
                "Shell session is ready.\n", "User: root\n", "Working directory: ");
    }
}
