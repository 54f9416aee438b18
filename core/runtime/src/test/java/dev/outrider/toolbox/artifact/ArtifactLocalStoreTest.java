package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact command without a hub: the local artifact store, and the command line's errors. */
class ArtifactLocalStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.006Z"), ZoneOffset.UTC);
    private static final String STAMP = "[Jan  2 03:04:05.006] ";

    @TempDir
    Path work;
    @TempDir
    Path store;

    private List<String> out = List.of();
    private List<String> err = List.of();

    private int run(String... args) throws Exception {
        return run(Map.of("SEMAPHORE_JOB_ID", "j1", "SEMAPHORE_PROJECT_ID", "p1"), new CallContext("j1", Optional.empty()), args);
    }

    private int run(Map<String, String> environment, CallContext context, String... args) throws Exception {
        CapturedOutput output = new CapturedOutput();
        ToolboxCall call = new ToolboxCall("artifact", List.of(args), work.toString(), environment, new LocalJobFiles(),
                output, InputStream::nullInputStream, context);
        int exit = new ArtifactCommand(ignored -> new LocalArtifactStore(store), RetryPolicy.HUB, RetryPolicy.STORAGE,
                CLOCK).run(call);
        out = output.out();
        err = output.err();
        return exit;
    }

    @Test
    void theAgentTypesStoreWinsOverTheJobsHubVariables() throws Exception {
        Files.writeString(work.resolve("a.txt"), "kept by the operator's store");
        Map<String, String> withHub = Map.of("SEMAPHORE_JOB_ID", "j1", "SEMAPHORE_PROJECT_ID", "p1",
                "SEMAPHORE_ARTIFACT_TOKEN", "job-token", "SEMAPHORE_ORGANIZATION_URL", "http://127.0.0.1:1");
        CallContext configured = new CallContext("j1", Optional.empty(),
                Optional.of(new ArtifactSettings("local", Map.of("path", store.toString()))));

        assertThat(run(withHub, configured, "push", "job", "a.txt")).as(String.join("\n", err)).isZero();

        assertThat(store.resolve("p1/artifacts/jobs/j1/a.txt")).hasContent("kept by the operator's store");
    }

    @Test
    void pushPullAndYankADirectoryInTheLocalStore() throws Exception {
        Files.createDirectories(work.resolve("d/sub"));
        Files.writeString(work.resolve("d/sub/a.txt"), "a".repeat(1536));
        Files.writeString(work.resolve("d/b.txt"), "b");

        assertThat(run("push", "job", "d")).isZero();
        assertThat(err).containsExactly(STAMP + "Successfully pushed artifact for current job.",
                STAMP + "* Local source: d.", STAMP + "* Remote destination: artifacts/jobs/j1/d.",
                STAMP + "Pushed 2 files. Total of 1.5 KB");
        assertThat(store.resolve("p1/artifacts/jobs/j1/d/sub/a.txt")).hasSize(1536);

        assertThat(run("push", "job", "d/b.txt", "-d", "d/b.txt")).isEqualTo(1);
        assertThat(err).containsExactly(STAMP + "Error pushing artifact: 'artifacts/jobs/j1/d/b.txt' already exists "
                + "in the remote storage; delete it first, or use --force flag");

        assertThat(run("pull", "job", "d")).isEqualTo(1);
        assertThat(err.get(0)).isEqualTo(STAMP + "Error pulling artifact: 'd/b.txt' already exists locally; delete it "
                + "first, or use --force flag");
        assertThat(run("pull", "job", "d", "-d", "/" + work.resolve("copy"))).isZero();
        assertThat(work.resolve("copy/b.txt")).hasContent("b");
        assertThat(err).contains(STAMP + "* Local destination: '" + work.resolve("copy") + "'.");

        assertThat(run("yank", "job", "d")).isZero();
        assertThat(store.resolve("p1")).doesNotExist();
        assertThat(run("pull", "job", "d")).isEqualTo(1);
        assertThat(err).containsExactly(STAMP + "Error pulling artifact: 'artifacts/jobs/j1/d' does not exist in the "
                + "artifact store", STAMP + "Please check if the artifact you are trying to pull exists.");
    }

    @Test
    void aWrongArgumentCountPrintsTheErrorAndTheUsageOnStandardError() throws Exception {
        assertThat(run("push", "job")).isEqualTo(1);

        assertThat(out).isEmpty();
        assertThat(err.get(0)).isEqualTo("Error: accepts 1 arg(s), received 0");
        assertThat(err).contains("Usage:", "  artifact push job [SOURCE PATH] [flags]",
                "  -d, --destination string   rename the file while uploading",
                "  -f, --force                force overwrite", "  -j, --job-id string        set explicit job id",
                "      --config string   config file (default is $HOME/.artifact.yaml)",
                "  -v, --verbose         verbose logging");
        assertThat(err.get(err.size() - 1)).isEqualTo("error: accepts 1 arg(s), received 0");
    }

    @Test
    void unknownFlagsAndCommandsFailAndHelpSucceeds() throws Exception {
        assertThat(run("pull", "job", "x", "--bogus")).isEqualTo(1);
        assertThat(err.get(0)).isEqualTo("Error: unknown flag: --bogus");

        assertThat(run("psh", "job", "x")).isEqualTo(1);
        assertThat(err).containsExactly("Error: unknown command \"psh\" for \"artifact\"", "", "Did you mean this?",
                "\tpush", "", "Run 'artifact --help' for usage.", "error: unknown command \"psh\" for \"artifact\"", "",
                "Did you mean this?", "\tpush", "");

        assertThat(run("yank", "--help")).isZero();
        assertThat(out).contains("Aliases:", "  yank, delete", "  job         Deletes a job file or directory from the storage.");
    }

    @Test
    void verboseAddsDebugLinesAndTheUnusedConfigFlagIsAccepted() throws Exception {
        Files.writeString(work.resolve("a.txt"), "a");

        assertThat(run("push", "job", "a.txt", "-v", "--config", "/nonexistent.yaml")).isZero();

        assertThat(err).startsWith(STAMP + "Pushing...", STAMP + "* Source: a.txt",
                STAMP + "* Destination: artifacts/jobs/j1/a.txt", STAMP + "* Force: false");
        assertThat(run("push", "job", "a.txt", "-d", "b.txt")).isZero();
        assertThat(err).noneMatch(line -> line.contains("Pushing..."));
    }
}
