package dev.outrider.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobResult;
import dev.outrider.testkit.GitDaemon;
import dev.outrider.testkit.GitOrigin;
import dev.outrider.shell.ToolboxJobs.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semaphore's {@code checkout} function (toolbox/lib) in real shell-executor jobs, against a real git
 * repository served over {@code file://} and by {@code git daemon} on 127.0.0.1: every mode, the
 * depth, the messages and statuses of its failures, and the job's working directory after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutTest {

    @TempDir
    static Path shared;

    private GitOrigin origin;
    private GitDaemon daemon;
    private ToolboxJobs jobs;
    private int count;

    @BeforeAll
    void start() {
        origin = GitOrigin.create(shared);
        daemon = GitDaemon.serve(shared);
        jobs = new ToolboxJobs();
    }

    @AfterAll
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    /** Semaphore's variables for main's newest commit, cloned into {@code repo}. */
    private Map<String, String> variables(String url) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SEMAPHORE_GIT_URL", url);
        variables.put("SEMAPHORE_GIT_BRANCH", "main");
        variables.put("SEMAPHORE_GIT_SHA", origin.sha("main"));
        variables.put("SEMAPHORE_GIT_DIR", "repo");
        variables.put("SEMAPHORE_GIT_REF", "refs/heads/main");
        return variables;
    }

    private Map<String, String> variables() {
        return variables(origin.fileUrl());
    }

    /** A job in a fresh folder of its own: its variables, then the commands. */
    private Job job(Map<String, String> variables, String... commands) throws Exception {
        return jobWithEpilogue(variables, List.of(), commands);
    }

    private Job jobWithEpilogue(Map<String, String> variables, List<String> epilogue, String... commands) throws Exception {
        return jobs.run(Files.createDirectories(shared.resolve("job-" + ++count)), variables, epilogue, commands);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "git daemon"})
    void theBranchIsClonedFiftyCommitsDeepAtItsShaAndTheNextCommandRunsInTheRepository(String transport) throws Exception {
        String url = transport.equals("file") ? origin.fileUrl() : daemon.url("origin.git");

        Job job = job(variables(url), "checkout", "pwd", "git rev-list --count HEAD", "git rev-parse HEAD");

        assertThat(job.run().result()).isEqualTo(JobResult.PASSED);
        assertThat(job.output("checkout")).startsWith("Performing shallow clone with depth: 50\n")
                .contains("HEAD is now at " + origin.sha("main").substring(0, 7) + " main " + GitOrigin.MAIN_COMMITS);
        assertThat(job.output("pwd").strip()).isEqualTo(job.folder().resolve("repo").toString());
        assertThat(job.output("git rev-list --count HEAD").strip()).isEqualTo("50");
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha("main"));
    }

    @Test
    void semaphoreGitDepthSetsTheDepth() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_DEPTH", "7");

        Job job = job(variables, "checkout", "git rev-list --count HEAD");

        assertThat(job.output("checkout")).startsWith("Performing shallow clone with depth: 7\n");
        assertThat(job.output("git rev-list --count HEAD").strip()).isEqualTo("7");
    }

    @Test
    void aShaBeyondTheDepthFetchesTheWholeHistory() throws Exception {
        Map<String, String> variables = variables(daemon.url("origin.git"));
        variables.put("SEMAPHORE_GIT_SHA", origin.sha("main~55"));

        Job job = job(variables, "checkout", "git rev-parse HEAD", "git rev-list --count HEAD");

        assertThat(job.status("checkout")).isZero();
        assertThat(job.output("checkout")).contains("SHA: " + origin.sha("main~55") + " not found performing full clone\n");
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha("main~55"));
        assertThat(job.output("git rev-list --count HEAD").strip()).isEqualTo("5");
    }

    @Test
    void aShaThatIsNotOnTheBranchFailsWithSemaphoresMessageInsideTheRepository() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_SHA", origin.sha("feature"));

        Job job = jobWithEpilogue(variables, List.of("pwd"), "checkout");

        assertThat(job.status("checkout")).isEqualTo(1);
        assertThat(job.run().result()).isEqualTo(JobResult.FAILED);
        assertThat(job.output("pwd").strip()).isEqualTo(job.folder().resolve("repo").toString());
        assertThat(job.output("checkout")).contains("SHA: " + origin.sha("feature") + " not found performing full clone\n")
                .endsWith("Revision: " + origin.sha("feature") + " not found .... Exiting\n");
    }

    @Test
    void aMissingBranchGetsAFullCloneAfterThreeAttemptsAndThenFails() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_BRANCH", "gone");

        Job job = job(variables, "checkout");

        assertThat(job.status("checkout")).isEqualTo(1);
        assertThat(job.output("checkout")).contains("[1/3] Execution Failed with exit status 128. Retrying.\n",
                        "[3/3] Execution Failed with exit status 128. No more retries.\nBranch not found performing full clone\n")
                .endsWith("Branch: gone not found .... Exiting\n");
    }

    @Test
    void aTagGivenAsTheBranchWorksThroughTheFullClone() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_BRANCH", "refs/tags/" + GitOrigin.TAG);
        variables.put("SEMAPHORE_GIT_SHA", origin.sha(GitOrigin.TAG));

        Job job = job(variables, "checkout", "git rev-parse HEAD");

        assertThat(job.status("checkout")).isZero();
        assertThat(job.output("checkout")).contains("Branch not found performing full clone\n")
                .contains("HEAD is now at " + origin.sha(GitOrigin.TAG).substring(0, 7));
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha(GitOrigin.TAG));
    }

    @Test
    void aPullRequestChecksOutItsMergeRef() throws Exception {
        Map<String, String> variables = variables(daemon.url("origin.git"));
        variables.put("SEMAPHORE_GIT_REF_TYPE", "pull-request");
        variables.put("SEMAPHORE_GIT_REF", GitOrigin.PULL_REQUEST_REF);
        variables.put("SEMAPHORE_GIT_SHA", origin.sha(GitOrigin.PULL_REQUEST_REF));

        Job job = job(variables, "checkout", "git rev-parse HEAD", "pwd");

        assertThat(job.status("checkout")).isZero();
        assertThat(job.output("checkout")).endsWith("HEAD is now at " + origin.sha(GitOrigin.PULL_REQUEST_REF) + "\n");
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha(GitOrigin.PULL_REQUEST_REF));
        assertThat(job.output("pwd").strip()).isEqualTo(job.folder().resolve("repo").toString());
    }

    @Test
    void aMissingPullRequestRefFailsAfterBothFetches() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_REF_TYPE", "pull-request");
        variables.put("SEMAPHORE_GIT_REF", "refs/pull/8/merge");

        Job job = job(variables, "checkout");

        assertThat(job.status("checkout")).isEqualTo(1);
        String output = job.output("checkout");
        assertThat(output.split("No more retries\\.", -1)).hasSize(3);
        assertThat(output).endsWith("Revision: " + origin.sha("main") + " not found .... Exiting\n");
    }

    @Test
    void aTagIsClonedAtItsCommit() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_REF_TYPE", "tag");
        variables.put("SEMAPHORE_GIT_TAG_NAME", GitOrigin.TAG);

        Job job = job(variables, "checkout", "git rev-parse HEAD");

        assertThat(job.status("checkout")).isZero();
        assertThat(job.output("checkout")).endsWith("HEAD is now at " + origin.sha("main") + " Release " + GitOrigin.TAG + "\n");
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha(GitOrigin.TAG));
    }

    @Test
    void aMissingTagFailsWithSemaphoresMessage() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_REF_TYPE", "tag");
        variables.put("SEMAPHORE_GIT_TAG_NAME", "v9.9");

        Job job = jobWithEpilogue(variables, List.of("pwd"), "checkout");

        assertThat(job.status("checkout")).isEqualTo(1);
        assertThat(job.output("checkout")).endsWith("Release v9.9 not found .... Exiting\n");
        assertThat(job.output("pwd").strip()).isEqualTo(job.folder().toString());
    }

    @Test
    void theGitDirIsEmptiedFirstAndMayBeNested() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_DIR", "src/app");

        Job job = job(variables, "mkdir -p src/app && touch src/app/stale", "checkout", "pwd", "ls | sort");

        assertThat(job.status("checkout")).isZero();
        assertThat(job.output("pwd").strip()).isEqualTo(job.folder().resolve("src/app").toString());
        assertThat(job.output("ls | sort").split("\\s+")).containsExactlyInAnyOrder("f.txt", "other", "sub");
    }

    @Test
    void theOptimizedModeClonesWithoutBlobsAndChecksOutOnlyTheSparsePaths() throws Exception {
        Map<String, String> variables = variables();
        variables.put("SEMAPHORE_GIT_PARTIAL_CLONE_FILTER", "blob:none");
        variables.put("SEMAPHORE_GIT_SPARSE_CHECKOUT_PATHS", "sub");

        Job job = job(variables, "checkout", "ls | sort", "git config remote.origin.partialclonefilter", "git rev-parse HEAD");

        assertThat(job.status("checkout")).isZero();
        assertThat(job.output("checkout"))
                .startsWith("Performing optimized clone (filter: 'blob:none', sparse-paths: 'sub', depth: 50)\n")
                .contains("Configuring sparse-checkout for paths: sub\n").doesNotContain("filtering not recognized");
        assertThat(job.output("ls | sort").split("\\s+")).containsExactlyInAnyOrder("f.txt", "sub");
        assertThat(job.output("git config remote.origin.partialclonefilter").strip()).isEqualTo("blob:none");
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha("main"));
    }

    @Test
    void checkoutWorksInAChildBashToo() throws Exception {
        Job job = job(variables(), "bash -c 'checkout >/dev/null 2>&1 && pwd && git rev-parse HEAD'", "pwd");

        assertThat(job.run().result()).isEqualTo(JobResult.PASSED);
        assertThat(job.output("bash -c 'checkout >/dev/null 2>&1 && pwd && git rev-parse HEAD'"))
                .isEqualTo(job.folder().resolve("repo") + "\n" + origin.sha("main") + "\n");
        assertThat(job.output("pwd").strip()).isEqualTo(job.folder().toString());
    }

    @Test
    void missingVariablesAreListedAndNothingIsCloned() throws Exception {
        Map<String, String> variables = variables();
        variables.remove("SEMAPHORE_GIT_SHA");

        Job job = jobWithEpilogue(variables, List.of("ls -A"), "checkout");

        assertThat(job.status("checkout")).isEqualTo(1);
        assertThat(job.output("checkout")).isEqualTo("""
                [CHECKOUT ERROR] Some of these variables are unset:
                SEMAPHORE_GIT_URL=%s
                SEMAPHORE_GIT_DIR=repo
                SEMAPHORE_GIT_BRANCH=main
                SEMAPHORE_GIT_SHA=
                """.formatted(origin.fileUrl()));
        assertThat(job.output("ls -A")).isEmpty();
    }

    @Test
    void useCacheWithoutACacheSaysSoAndClonesNormally() throws Exception {
        Job job = job(variables(), "checkout --use-cache", "git rev-parse HEAD", "git rev-list --count HEAD",
                "echo \"fail on error: ${CACHE_FAIL_ON_ERROR:-unset}\"");

        assertThat(job.status("checkout --use-cache")).isZero();
        assertThat(job.output("checkout --use-cache")).startsWith("checkout: the cache cannot be used "
                + "(no SEMAPHORE_CACHE_BACKEND environment variable set); cloning without --use-cache\n")
                .doesNotContain("Experimental");
        assertThat(job.output("git rev-parse HEAD").strip()).isEqualTo(origin.sha("main"));
        assertThat(job.output("git rev-list --count HEAD").strip()).isEqualTo(String.valueOf(GitOrigin.MAIN_COMMITS));
        assertThat(job.output("echo \"fail on error: ${CACHE_FAIL_ON_ERROR:-unset}\"")).isEqualTo("fail on error: unset\n");
    }
}
