package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.testing.ExecBridge;
import dev.outrider.kubernetes.testing.FakeCluster;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.testkit.ExecutorContractSuite;
import dev.outrider.testkit.JobRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Semaphore's conformance cases against the Kubernetes executor, through Outrider's job lifecycle:
 * each job in a pod of the fake API server, its commands in a host {@code bash --login} behind the
 * exec bridge (so the cases' host folders are where the commands look for them).
 */
class KubernetesExecutorConformanceTest extends ExecutorContractSuite {

    private static final Path FOLDER = folder();
    private static final FakeCluster CLUSTER = new FakeCluster(FOLDER);

    private static Path folder() {
        try {
            return Files.createTempDirectory("outrider-k8s-conformance-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.close();
    }

    @Override
    protected JobExecutorFactory executor() {
        return new KubernetesExecutorFactory(Map.of(), FOLDER);
    }

    @Override
    protected Map<String, Object> options() {
        Map<String, Object> options = new HashMap<>(CLUSTER.options());
        options.put("default-image", "outrider-test/bash:1");
        return options;
    }

    @Override
    protected String shownDestination(String path) {
        return path;
    }

    @Override
    protected List<String> startSteps() {
        return List.of("Creating Kubernetes resources for job...", "Starting shell session...");
    }

    /** The pod and its Secret are deleted, and with the pod every process that ran in it. */
    @Override
    protected void assertNothingLeftRunning(JobRun run) throws IOException {
        try {
            FakeCluster.await(() -> CLUSTER.pods().isEmpty() && CLUSTER.secrets().isEmpty(), Duration.ofSeconds(30),
                    "the job's pod and Secret are deleted");
            FakeCluster.await(() -> ExecBridge.processesOf(null).isEmpty(), Duration.ofSeconds(30),
                    "the pod's processes end; left: " + ExecBridge.processesOf(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(CLUSTER.pods()).isEmpty();
    }
}
