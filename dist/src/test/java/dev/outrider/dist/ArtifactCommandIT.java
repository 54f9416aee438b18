package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeArtifactHub;
import dev.outrider.testkit.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `artifact` and `sem-context` commands of jobs run by `outrider run`: real bash calling the toolbox
 * wrappers, the agent doing the work, with the local default store and with a hub.
 */
class ArtifactCommandIT {

    @TempDir
    Path work;

    private Result job(Map<String, String> env, Map<String, String> agentEnv, String... commands) throws Exception {
        Path job = LocalJobFile.write(work.resolve("job.json"), "artifact-job", Files.createDirectories(work.resolve("job")),
                env, List.of(commands));
        Process outrider = Installation.start(work, agentEnv, "run", job.toString());
        if (!outrider.waitFor(5, TimeUnit.MINUTES)) {
            outrider.destroyForcibly();
            throw new AssertionError("the job did not end within 5 minutes");
        }
        return Result.of(outrider, work);
    }

    @Test
    void withoutAHubArtifactsGoToTheLocalDefaultFolder() throws Exception {
        Path data = work.resolve("data-home");
        Result run = job(Map.of("SEMAPHORE_JOB_ID", "j1", "SEMAPHORE_WORKFLOW_ID", "w1", "SEMAPHORE_PROJECT_ID", "p1",
                        "SEMAPHORE_PIPELINE_1_ARTEFACT_ID", "ctx1"), Map.of("XDG_DATA_HOME", data.toString()),
                "mkdir -p out/sub && echo hello > out/sub/a.txt",
                "artifact push workflow out",
                "echo from-stdin | artifact push job - -d piped.txt",
                "artifact pull workflow out -d copy && cat copy/sub/a.txt",
                "artifact pull job piped.txt && cat piped.txt",
                "artifact push workflow out || echo push-again-exit-$?",
                "artifact yank workflow out",
                "artifact pull workflow out || echo pull-missing-exit-$?",
                "artifact push job || echo usage-exit-$?",
                "sem-context put release=v1 && sem-context get release",
                "sem-context get nothing || echo get-missing-exit-$?");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Successfully pushed artifact for current workflow.", "Pushed 1 file. Total of 6 B",
                "Pulled 1 file. Total of 6 B", "hello\n", "from-stdin\n",
                "'artifacts/workflows/w1/out/sub/a.txt' already exists in the remote storage; delete it first, or use --force flag",
                "push-again-exit-1", "Successfully yanked 'artifacts/workflows/w1/out' from current workflow artifacts.",
                "pull-missing-exit-1", "Error: accepts 1 arg(s), received 0", "usage-exit-1",
                "Key value pair successfully stored", "v1\n", "Cant find the key 'nothing'", "get-missing-exit-1");
        assertThat(data.resolve("outrider/artifacts/p1/artifacts/jobs/j1/piped.txt")).hasContent("from-stdin\n");
        assertThat(data.resolve("outrider/artifacts/p1/artifacts/workflows/w1/.workflow-context/ctx1/release"))
                .hasContent("v1");
    }

    @Test
    void withAHubArtifactsGoThroughItsSignedUrls() throws Exception {
        try (S3Server s3 = S3Server.start();
             FakeArtifactHub hub = FakeArtifactHub.start(s3, "hub", "secret-artifact-token", "p1")) {
            Result run = job(Map.of("SEMAPHORE_JOB_ID", "j2", "SEMAPHORE_ARTIFACT_TOKEN", "secret-artifact-token",
                            "SEMAPHORE_ORGANIZATION_URL", hub.organizationUrl()), Map.of(),
                    "echo hub > f.txt && artifact push job f.txt -d dir/f.txt",
                    "artifact pull job dir -d back && cat back/f.txt");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stdout()).contains("Pushed 1 file. Total of 4 B", "Pulled 1 file. Total of 4 B", "hub\n");
            assertThat(new String(hub.content("artifacts/jobs/j2/dir/f.txt"), StandardCharsets.UTF_8)).isEqualTo("hub\n");
            assertThat(run.stdout() + run.stderr()).doesNotContain("secret-artifact-token");
        }
    }
}
