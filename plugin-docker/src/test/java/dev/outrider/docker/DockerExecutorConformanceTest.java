package dev.outrider.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.testkit.ExecutorContractSuite;
import dev.outrider.testkit.JobRun;
import java.util.List;
import java.util.Map;

/**
 * Semaphore's conformance cases against the real Docker executor: each job in a container of the
 * locally built test image ({@code .ci/docker-env}), through the engine of this machine.
 */
class DockerExecutorConformanceTest extends ExecutorContractSuite {

    /**
     * The tests' temporary folders (java.io.tmpdir, set by the pom), mounted into the job containers at
     * the same path: the cases' hook scripts and folders are then where the commands look for them.
     */
    private static final String SHARED = TestDocker.sharedTemp();

    @Override
    protected JobExecutorFactory executor() {
        return new DockerExecutorFactory();
    }

    @Override
    protected Map<String, Object> options() {
        return Map.of("default-image", TestDocker.IMAGE, "pull-policy", "never", "stop-timeout", "1",
                "volumes", List.of(SHARED + ":" + SHARED));
    }

    @Override
    protected String shownDestination(String path) {
        return path;
    }

    @Override
    protected String missingFileError(String file) {
        return "cat: can't open '" + file + "': No such file or directory\n"; // busybox's cat
    }

    @Override
    protected List<String> startSteps() {
        return List.of("Pulling docker images...", "Starting the docker image...");
    }

    @Override
    protected void assertNothingLeftRunning(JobRun run) {
        assertThat(TestDocker.containersOf("test-job")).as("containers of the job still there").isEmpty();
        assertThat(TestDocker.networksOf("test-job")).as("networks of the job still there").isEmpty();
    }
}
