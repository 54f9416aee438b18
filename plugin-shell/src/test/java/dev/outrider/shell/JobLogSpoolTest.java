package dev.outrider.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a running job's log spool lives: in a folder of its own that only the agent's user can enter. */
class JobLogSpoolTest {

    private final JobHarness harness = new JobHarness(new ShellExecutorFactory(), Map.of());

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void theSpoolIsAnOwnerOnlyFileInAnOwnerOnlyFolderNotLooseInTheTemporaryFolder() throws Exception {
        JobRun run = harness.run(JobRequests.job().command(
                "cd \"${TMPDIR:-/tmp}\" && stat -c '%a %n' outrider-job-\"$OUTRIDER_JOB_TAG\"-log-*/ "
                        + "outrider-job-\"$OUTRIDER_JOB_TAG\"-log-*/events.ndjson; "
                        + "ls -d outrider-job-\"$OUTRIDER_JOB_TAG\".events 2>/dev/null || echo no-loose-spool").build());

        assertThat(run.result()).isEqualTo(JobResult.PASSED);
        assertThat(run.output()).containsPattern("700 outrider-job-" + run.processTag() + "-log-[^/\\s]*/\\s")
                .containsPattern("600 outrider-job-" + run.processTag() + "-log-[^/\\s]*/events.ndjson")
                .contains("no-loose-spool");
    }
}
