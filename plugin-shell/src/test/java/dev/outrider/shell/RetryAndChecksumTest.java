package dev.outrider.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.shell.ToolboxJobs.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Semaphore's {@code retry} script and {@code checksum} function (toolbox §4.8) in real shell-executor jobs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryAndChecksumTest {

    private ToolboxJobs jobs;

    @TempDir
    Path folder;

    @BeforeAll
    void start() {
        jobs = new ToolboxJobs();
    }

    @AfterAll
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void retryRunsAFailingCommandThreeTimesAndExitsWithItsStatus() throws Exception {
        String command = "retry 'echo attempt; (exit 3)'";

        Job job = jobs.run(folder, Map.of(), List.of(), command);

        assertThat(job.status(command)).isEqualTo(3);
        assertThat(job.output(command)).isEqualTo("""
                attempt
                [1/3] Execution Failed with exit status 3. Retrying.
                attempt
                [2/3] Execution Failed with exit status 3. Retrying.
                attempt
                [3/3] Execution Failed with exit status 3. No more retries.
                """);
    }

    @Test
    void retryStopsAtTheFirstSuccessAndTakesItsOptionsBeforeTheCommand() throws Exception {
        // fails until the third attempt: each attempt adds a line to a file
        String command = "retry --times 5 -s 0 'echo x >> tries; [ $(wc -l < tries) -ge 3 ]'";

        Job job = jobs.run(folder, Map.of(), List.of(), command);

        assertThat(job.status(command)).isZero();
        assertThat(job.output(command)).isEqualTo("""
                [1/5] Execution Failed with exit status 1. Retrying.
                [2/5] Execution Failed with exit status 1. Retrying.
                """);
        assertThat(Files.readAllLines(folder.resolve("tries"))).hasSize(3);
    }

    @Test
    void retryLosesQuotingAsSemaphoresDoes() throws Exception {
        String command = "retry -t 1 echo \"a  b\" '$((6 * 7))'";

        Job job = jobs.run(folder, Map.of(), List.of(), command);

        assertThat(job.output(command)).isEqualTo("a b 42\n");
    }

    @Test
    void checksumPrintsTheBareMd5OfAFileInTheJobAndInAChildShell() throws Exception {
        Files.writeString(folder.resolve("lock file"), "hello\n");
        Files.writeString(folder.resolve("Gemfile.lock"), "hello\n");

        Job job = jobs.run(folder, Map.of(), List.of(), "checksum Gemfile.lock", "bash -c 'checksum \"lock file\"'");

        assertThat(job.output("checksum Gemfile.lock")).isEqualTo("b1946ac92492d2347c6235b4d2611184\n");
        assertThat(job.output("bash -c 'checksum \"lock file\"'")).isEqualTo("b1946ac92492d2347c6235b4d2611184\n");
    }
}
