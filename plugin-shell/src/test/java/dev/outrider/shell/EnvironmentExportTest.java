package dev.outrider.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.config.JobSettings;
import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the shell executor gets a job's variables into its session: literally, and leaving no file behind. */
class EnvironmentExportTest {

    @TempDir
    Path folder;

    private final JobHarness harness = new JobHarness(new ShellExecutorFactory(), Map.of());

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void theEnvironmentFileIsGoneOnceSourcedAndTheSecretIsInTheSessionOnly() throws Exception {
        JobRun run = harness.run(JobRequests.job().env("SECRET", "s3cr3t-value").command(
                "ls -A \"${TMPDIR:-/tmp}\"/outrider-job-\"$OUTRIDER_JOB_TAG\"-*/; "
                        + "grep -rl 's3cr3t-valu[e]' \"${TMPDIR:-/tmp}\"/outrider-job-\"$OUTRIDER_JOB_TAG\"-*/ || echo none-hold-it; "
                        + "echo \"in the session: $SECRET\"").build());

        assertThat(run.result()).isEqualTo(JobResult.PASSED);
        String output = run.output();
        assertThat(output).contains("in the session: s3cr3t-value").contains("none-hold-it")
                .doesNotContain(".env-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X;touch %s;Y", "$(touch %s)", "`touch %s`", "A=1 touch %s #"})
    void aNameThatIsShellCodeFailsTheJobAndRunsNothing(String pattern) throws Exception {
        Path marker = folder.resolve("pwned");
        String name = pattern.formatted(marker);

        JobRun fromJob = harness.run(JobRequests.job().env(name, "x").command("echo never").build());
        JobRun fromAgent = harness.run(JobRequests.job().command("echo never").build(),
                new JobSettings(List.of(new JobSettings.EnvVarSetting(name, "x")), "", "", false, false));

        for (JobRun run : List.of(fromJob, fromAgent)) {
            assertThat(run.result()).isEqualTo(JobResult.FAILED);
            assertThat(run.output()).contains("'" + name + "' is not a variable name").doesNotContain("never");
        }
        assertThat(Files.exists(marker)).as("the name ran as a command").isFalse();
    }
}
