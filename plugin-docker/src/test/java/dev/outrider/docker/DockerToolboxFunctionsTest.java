package dev.outrider.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The toolbox's shell functions ({@code checkout}, {@code checksum}) and {@code retry} in the main
 * container's shell of a Docker job, from the toolbox folder of the source tree mounted as an
 * installation's.
 */
class DockerToolboxFunctionsTest {

    private static final String HOME_PROPERTY = "outrider.home";

    static {
        TestDocker.sharedTemp(); // java.io.tmpdir (set by the pom) must exist before any temporary file is made
    }

    private String previousHome;
    private JobHarness harness;

    @BeforeEach
    void start() {
        previousHome = System.getProperty(HOME_PROPERTY);
        System.setProperty(HOME_PROPERTY, Path.of("../dist/src/main/dist").toAbsolutePath().normalize().toString());
        harness = new JobHarness(new DockerExecutorFactory(), Map.of("default-image", TestDocker.IMAGE, "pull-policy", "never"));
    }

    @AfterEach
    void stop() {
        harness.close();
        if (previousHome == null) {
            System.clearProperty(HOME_PROPERTY);
        } else {
            System.setProperty(HOME_PROPERTY, previousHome);
        }
        TestDocker.removeAllOf("test-job");
    }

    @Test
    void checkoutAndChecksumAreFunctionsOfTheContainersShellAndOfItsChildShells() throws Exception {
        JobRun run = harness.run(JobRequests.job()
                .command("echo \"$(type -t checkout) $(type -t checksum) $(bash -c 'type -t checkout')\"")
                .command("cd /tmp && echo hello > f && checksum f")
                .command("retry -t 2 false || echo \"retry exit $?\"")
                .command("unset SEMAPHORE_GIT_URL; checkout || echo \"checkout exit $?\"").build());

        assertThat(run.result()).as(String.join("\n", run.lines())).isEqualTo(JobResult.PASSED);
        assertThat(run.output().replace("\r\n", "\n")).contains(
                "function function function\n",
                "b1946ac92492d2347c6235b4d2611184\n",
                "[1/2] Execution Failed with exit status 1. Retrying.\n[2/2] Execution Failed with exit status 1. No more retries.\nretry exit 1\n",
                "[CHECKOUT ERROR] Some of these variables are unset:\nSEMAPHORE_GIT_URL=\nSEMAPHORE_GIT_DIR=\n",
                "checkout exit 1\n");
    }
}
