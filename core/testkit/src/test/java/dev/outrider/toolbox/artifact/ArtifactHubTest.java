package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeArtifactHub;
import dev.outrider.testkit.S3Server;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact command against a fake hub whose URLs a real S3 server (S3Proxy) checks. */
class ArtifactHubTest {

    private static final String TOKEN = "artifact-token";
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(20));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T07:08:09.123Z"), ZoneOffset.UTC);
    private static final String STAMP = "[Dec  6 07:08:09.123] ";

    private static S3Server s3;
    private static int buckets;
    private FakeArtifactHub hub;

    @TempDir
    Path dir;

    private List<String> out = List.of();
    private List<String> err = List.of();
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void startHub() {
        hub = FakeArtifactHub.start(s3, "artifacts-" + (++buckets), TOKEN, "project-1");
        env.put("SEMAPHORE_ARTIFACT_TOKEN", TOKEN);
        env.put("SEMAPHORE_ORGANIZATION_URL", hub.organizationUrl() + "/some/path");
        env.put("SEMAPHORE_JOB_ID", "job-1");
        env.put("SEMAPHORE_WORKFLOW_ID", "wf-1");
        env.put("SEMAPHORE_PROJECT_ID", "project-1");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private int run(String... args) throws Exception {
        return run(new byte[0], args);
    }

    private int run(byte[] stdin, String... args) throws Exception {
        CapturedOutput output = new CapturedOutput();
        ToolboxCall call = new ToolboxCall("artifact", List.of(args), dir.toString(), env, new LocalJobFiles(), output,
                () -> new ByteArrayInputStream(stdin), new CallContext("job-1", Optional.empty()));
        int exit = new ArtifactCommand(ignored -> {
            throw new IllegalStateException("no store expected");
        }, FAST, FAST, CLOCK).run(call);
        out = output.out();
        err = output.err();
        return exit;
    }

    private Path file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void pushesAFileWithTheExactHubRequestThenHeadAndPut() throws Exception {
        file("logs/a.txt", "hello");

        assertThat(run("push", "job", "logs/a.txt")).isZero();

        assertThat(err).containsExactly(STAMP + "Successfully pushed artifact for current job.",
                STAMP + "* Local source: logs/a.txt.", STAMP + "* Remote destination: artifacts/jobs/job-1/a.txt.",
                STAMP + "Pushed 1 file. Total of 5 B");
        FakeArtifactHub.Recorded request = hub.hubRequests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/artifacts");
        assertThat(request.authorization()).isEqualTo(TOKEN);
        assertThat(request.contentType()).isNull();
        assertThat(request.body()).isEqualTo("{\"paths\":[\"artifacts/jobs/job-1/a.txt\"]}\n");
        assertThat(hub.storageCalls()).containsExactly("HEAD artifacts/jobs/job-1/a.txt", "PUT artifacts/jobs/job-1/a.txt");
        assertThat(hub.requests().get(2).contentLength()).isEqualTo("5");
        assertThat(hub.objects()).containsExactly("project-1/artifacts/jobs/job-1/a.txt");
    }

    @Test
    void pushOfAnExistingPathFailsWithoutForceAndReplacesItWithForce() throws Exception {
        file("a.txt", "one");
        assertThat(run("push", "workflow", "a.txt", "-d", "../x/y.txt")).isZero();
        assertThat(run("push", "workflow", "a.txt", "--destination=x/y.txt")).isEqualTo(1);
        assertThat(err).containsExactly(STAMP + "Error pushing artifact: 'artifacts/workflows/wf-1/x/y.txt' already "
                + "exists in the remote storage; delete it first, or use --force flag");

        file("a.txt", "second");
        assertThat(run("push", "workflow", "a.txt", "-d", "x/y.txt", "-f")).isZero();
        assertThat(hub.hubRequests().get(2).body()).isEqualTo("{\"paths\":[\"artifacts/workflows/wf-1/x/y.txt\"],\"type\":1}\n");
        assertThat(run("pull", "workflow", "x/y.txt", "-d", "back.txt")).isZero();
        assertThat(dir.resolve("back.txt")).hasContent("second");
    }

    @Test
    void pushesADirectoryInWalkOrderAndPullsItBack() throws Exception {
        file("d/b.txt", "bb");
        file("d/a/z.txt", "z");
        file("d/empty.txt", "");

        assertThat(run("push", "project", "d", "-p", "other")).isZero();
        assertThat(hub.hubRequests().get(0).body()).isEqualTo("{\"paths\":[\"artifacts/projects/other/d/a/z.txt\","
                + "\"artifacts/projects/other/d/b.txt\",\"artifacts/projects/other/d/empty.txt\"]}\n");
        assertThat(err).contains(STAMP + "Pushed 3 files. Total of 3 B");
        assertThat(hub.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("empty.txt"))
                .extracting(FakeArtifactHub.Recorded::contentLength).containsExactly("0");

        assertThat(run("pull", "project", "d", "-p", "other", "-d", "copy")).as("%s", err).isZero();
        assertThat(err).containsExactly(STAMP + "Successfully pulled artifact for current project.",
                STAMP + "* Remote source: 'artifacts/projects/other/d'.", STAMP + "* Local destination: 'copy'.",
                STAMP + "Pulled 3 files. Total of 3 B");
        assertThat(dir.resolve("copy/a/z.txt")).hasContent("z");
        assertThat(dir.resolve("copy/b.txt")).hasContent("bb");
        assertThat(dir.resolve("copy/empty.txt")).isEmptyFile();
        assertThat(hub.hubRequests().get(1).body()).isEqualTo("{\"paths\":[\"artifacts/projects/other/d\"],\"type\":2}\n");
    }

    @Test
    void pullChecksEveryLocalConflictBeforeDownloading() throws Exception {
        file("d/a.txt", "a");
        file("d/b.txt", "b");
        assertThat(run("push", "job", "d")).isZero();
        Files.delete(dir.resolve("d/a.txt"));

        assertThat(run("pull", "job", "d")).isEqualTo(1);

        assertThat(err).containsExactly(
                STAMP + "Error pulling artifact: 'd/b.txt' already exists locally; delete it first, or use --force flag",
                STAMP + "Please check if the artifact you are trying to pull exists.");
        assertThat(dir.resolve("d/a.txt")).doesNotExist();
        assertThat(run("pull", "job", "d", "--force")).isZero();
        assertThat(dir.resolve("d/a.txt")).hasContent("a");
    }

    @Test
    void pullOfAMissingPathReportsTheHubs404() throws Exception {
        assertThat(run("pull", "job", "nothing")).isEqualTo(1);

        assertThat(err).containsExactly(
                STAMP + "Error pulling artifact: failed to generate signed URLs - hub returned 404 status code",
                STAMP + "Please check if the artifact you are trying to pull exists.");
    }

    @Test
    void yankDeletesADirectoryButNotASiblingWithTheSamePrefix() throws Exception {
        file("one/a.txt", "a");
        file("oneX/b.txt", "b");
        assertThat(run("push", "job", "one")).isZero();
        assertThat(run("push", "job", "oneX")).isZero();

        assertThat(run("delete", "job", "one")).isZero();

        assertThat(err).containsExactly(STAMP + "Successfully yanked 'artifacts/jobs/job-1/one' from current job artifacts.");
        assertThat(hub.hubRequests().get(2).body()).isEqualTo("{\"paths\":[\"artifacts/jobs/job-1/one\"],\"type\":3}\n");
        assertThat(hub.objects()).containsExactly("project-1/artifacts/jobs/job-1/oneX/b.txt");
        assertThat(run("yank", "job", "one")).isEqualTo(1);
        assertThat(err).contains(STAMP + "Error yanking artifact: failed to generate signed URLs - hub returned 404 status code");
    }

    @Test
    void pushesStandardInputThroughATemporaryFile() throws Exception {
        assertThat(run("from stdin".getBytes(StandardCharsets.UTF_8), "push", "job", "-", "-d", "in.txt", "-e", "1w")).isZero();

        assertThat(out).containsExactly("", "WARNING: The --expire-in flag is obsolete and will have no efffect.",
                "Use artifact retention policies to control the lifetime of artifacts.",
                "Docs: https://docs.semaphoreci.com/essentials/artifacts/#artifact-retention-policies", "");
        assertThat(err).contains(STAMP + "Pushed 1 file. Total of 10 B");
        assertThat(run("pull", "job", "in.txt")).isZero();
        assertThat(dir.resolve("in.txt")).hasContent("from stdin");
    }

    @Test
    void aMissingSourceFailsBeforeAskingTheHub() throws Exception {
        assertThat(run("push", "job", "nope.txt")).isEqualTo(1);

        assertThat(err).containsExactly(STAMP + "Error pushing artifact: path 'nope.txt' does not exist locally");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aHubClientErrorIsNotRetried() throws Exception {
        env.put("SEMAPHORE_ARTIFACT_TOKEN", "wrong");
        file("a.txt", "a");

        assertThat(run("push", "job", "a.txt")).isEqualTo(1);

        assertThat(err).containsExactly(
                STAMP + "Error pushing artifact: failed to generate signed URLs - hub returned 401 status code");
        assertThat(hub.hubRequests()).hasSize(1);
    }

    @Test
    void hubServerErrorsAreRetriedFiveTimesThenGivenUp() throws Exception {
        file("a.txt", "a");
        hub.failHub(5, 502);

        assertThat(run("push", "job", "a.txt")).isEqualTo(1);

        assertThat(err).containsExactly(STAMP + "Error pushing artifact: request did not return a non-5xx response: "
                + "POST " + hub.organizationUrl() + "/api/v1/artifacts giving up after 5 attempt(s)");
        assertThat(hub.hubRequests()).hasSize(5);
    }

    @Test
    void aHubAnswerThatRecoversWithinTheRetriesSucceeds() throws Exception {
        file("a.txt", "a");
        hub.failHub(2, 429);

        assertThat(run("push", "job", "a.txt")).isZero();
        assertThat(hub.hubRequests()).hasSize(3);
    }

    @Test
    void theHubsErrorFieldFailsTheCommand() throws Exception {
        file("a.txt", "a");
        hub.hubError("quota exceeded");

        assertThat(run("push", "job", "a.txt")).isEqualTo(1);
        assertThat(err).containsExactly(STAMP + "Error pushing artifact: signed URL response returned errors: quota exceeded");
    }

    @Test
    void storageUnavailabilityIsRetriedAndLoggedWithItsBody() throws Exception {
        file("a.txt", "a");
        hub.failStorage("PUT", 2, 503, "temporarily unavailable");

        assertThat(run("push", "job", "a.txt")).isZero();

        assertThat(err).filteredOn(line -> line.contains("temporarily unavailable")).hasSize(2)
                .allMatch(line -> line.startsWith(STAMP + "PUT request to " + hub.organizationUrl()
                        + "/artifacts/jobs/job-1/a.txt?") && line.endsWith(" failed with 503 status code: temporarily unavailable"));
        assertThat(hub.objects()).containsExactly("project-1/artifacts/jobs/job-1/a.txt");
    }

    @Test
    void aStorageClientErrorStopsThePushAtThatFileAndKeepsTheEarlierOnes() throws Exception {
        file("d/a.txt", "a");
        file("d/b.txt", "b");
        file("d/c.txt", "c");
        hub.failStorage("HEAD", 0, 0, "");
        hub.failStorage("PUT", 0, 0, "");
        assertThat(run("push", "job", "d/a.txt", "-d", "d/a.txt")).isZero();
        hub.failStorage("PUT", 1, 403, "denied");

        assertThat(run("push", "job", "d", "-f")).isEqualTo(1);

        assertThat(err.get(err.size() - 1)).startsWith(STAMP + "Error pushing artifact: PUT request to ")
                .endsWith(" failed with 403 status code");
        assertThat(hub.objects()).containsExactly("project-1/artifacts/jobs/job-1/d/a.txt");
        assertThat(hub.storageCalls()).last().isEqualTo("PUT artifacts/jobs/job-1/d/a.txt");
    }

    @Test
    void storageThatNeverRecoversGivesUpAfterFiveAttempts() throws Exception {
        file("a.txt", "a");
        hub.failStorage("PUT", 5, 500, "broken");

        assertThat(run("push", "job", "a.txt")).isEqualTo(1);

        assertThat(err).filteredOn(line -> line.contains("broken")).hasSize(5);
        assertThat(err.get(err.size() - 1)).startsWith(STAMP + "Error pushing artifact: failed to execute http request: PUT "
                + hub.organizationUrl() + "/artifacts/jobs/job-1/a.txt?").endsWith(" giving up after 5 attempt(s)");
    }

    @Test
    void aMissingScopeIdIsASetupError() throws Exception {
        env.remove("SEMAPHORE_JOB_ID");

        assertThat(run("push", "job", "a.txt")).isEqualTo(1);

        assertThat(err).containsExactly("error: job ID is not set. Please use the SEMAPHORE_JOB_ID environment "
                + "variable or the --job-id parameter to configure it");
    }

    @Test
    void aTokenWithoutOrganizationUrlIsASetupError() throws Exception {
        env.remove("SEMAPHORE_ORGANIZATION_URL");

        assertThat(run("yank", "job", "a.txt")).isEqualTo(1);

        assertThat(err).containsExactly("error: SEMAPHORE_ORGANIZATION_URL is not set");
    }

    @Test
    void semContextKeepsItsKeysAsWorkflowArtifactsBehindTheHub() throws Exception {
        env.put("SEMAPHORE_PIPELINE_1_ARTEFACT_ID", "ctx-1");
        ArtifactCommand artifact = new ArtifactCommand(ignored -> {
            throw new IllegalStateException("no store expected");
        }, FAST, FAST, CLOCK);
        ToolboxCall put = new ToolboxCall("sem-context", List.of("put", "release=v2"), dir.toString(), env,
                new LocalJobFiles(), new CapturedOutput(), () -> new ByteArrayInputStream(new byte[0]), new CallContext("j", Optional.empty()));

        assertThat(new SemContextCommand(artifact).run(put)).isZero();
        assertThat(new String(hub.content("artifacts/workflows/wf-1/.workflow-context/ctx-1/release"))).isEqualTo("v2");

        CapturedOutput printed = new CapturedOutput();
        ToolboxCall missing = new ToolboxCall("sem-context", List.of("get", "other"), dir.toString(), env,
                new LocalJobFiles(), printed, () -> new ByteArrayInputStream(new byte[0]),
                new CallContext("j", Optional.empty()));
        assertThat(new SemContextCommand(artifact).run(missing)).isEqualTo(1);
        assertThat(printed.text()).isEqualTo("Cant find the key 'other'");
    }
}
