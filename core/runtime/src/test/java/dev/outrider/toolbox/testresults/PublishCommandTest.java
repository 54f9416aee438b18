package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish} and {@code gen-pipeline-report}: the artifacts they push, through the artifact command. */
class PublishCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @TempDir
    Path store;

    private JsonNode stored(String path) throws Exception {
        return JSON.readTree(Job.plain(RecordingArtifact.file(store, path)));
    }

    @Test
    void publishPushesResultsSummaryWorkflowCopyAndRawReports() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job job = new Job(folder, Optional.of(artifact));
        job.sample("golang.xml");
        job.sample("rspec.xml");

        int status = job.run("publish", "golang.xml", "rspec.xml");

        assertThat(status).as(String.join("\n", job.printed)).isZero();
        JsonNode report = stored("job/test-results/junit.json");
        assertThat(report.get("testResults")).hasSize(2);
        assertThat(stored("job/test-results/summary.json"))
                .isEqualTo(JSON.readTree("{\"total\":6,\"passed\":4,\"skipped\":0,\"error\":0,\"failed\":2,\"disabled\":0,"
                        + "\"duration\":360000000}"));
        assertThat(Files.readAllBytes(RecordingArtifact.file(store, "workflow/test-results/ppl/job.json")))
                .isEqualTo(Files.readAllBytes(RecordingArtifact.file(store, "job/test-results/junit.json")));
        assertThat(RecordingArtifact.file(store, "job/test-results/junit-0.xml")).hasSameBinaryContentAs(folder.resolve("golang.xml"));
        assertThat(RecordingArtifact.file(store, "job/test-results/junit-1.xml")).hasSameBinaryContentAs(folder.resolve("rspec.xml"));
        assertThat(artifact.calls).extracting(call -> call.get(1) + " " + call.get(4)).containsExactly(
                "job test-results/junit.json", "job test-results/summary.json", "workflow test-results/ppl/job.json",
                "job test-results/junit-0.xml", "job test-results/junit-1.xml");
        assertThat(job.errors()).contains("* [test-results] Artifact transfers:");
        assertThat(job.errors()).anySatisfy(line -> assertThat(line).matches("\\* {3}← Pushed: 5 operations, 5 files, .* KB"));
        assertThat(job.errors()).anySatisfy(line -> assertThat(line)
                .startsWith("* Pushing artifacts:\n$ artifact push job ").endsWith(" -d test-results/junit.json"));
    }

    @Test
    void singleRawReportKeepsItsExtensionAndForceAndVerboseArePassedOn() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job job = new Job(folder, Optional.of(artifact));
        job.sample("golang.xml");

        assertThat(job.run("publish", "-f", "-v", "--generate-mcp-summary", "golang.xml")).isZero();

        assertThat(RecordingArtifact.file(store, "job/test-results/junit.xml")).hasSameBinaryContentAs(folder.resolve("golang.xml"));
        assertThat(Files.readString(RecordingArtifact.file(store, "job/test-results/mcp-summary.json"))).startsWith("{\"testResults\":");
        assertThat(artifact.calls).allSatisfy(call -> assertThat(call).endsWith("-v", "-f"));
    }

    @Test
    void rawJsonReportCollidesWithTheResultsUnlessForced() throws Exception {
        Job job = new Job(folder, Optional.of(new RecordingArtifact(store)));
        job.sample("revive.json");

        assertThat(job.run("publish", "revive.json")).isEqualTo(1);
        assertThat(job.errors()).contains("Error: exit status 1");
        assertThat(job.errors()).anySatisfy(line -> assertThat(line).startsWith("* Pushing artifacts failed: exit status 1\n")
                .contains("already exists in the remote storage"));
    }

    @Test
    void missingPipelineIdStopsAfterTheJobArtifactsAndSucceeds() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job job = new Job(folder, Optional.of(artifact));
        job.sample("golang.xml");
        job.env.remove("SEMAPHORE_PIPELINE_ID");

        assertThat(job.run("publish", "golang.xml")).isZero();

        assertThat(job.errors()).contains("* SEMAPHORE_PIPELINE_ID env is missing");
        assertThat(artifact.calls).hasSize(2);
        assertThat(RecordingArtifact.file(store, "job/test-results/junit.xml")).doesNotExist();
    }

    @Test
    void noRawSkipsTheReportsAndNothingToPublishSucceeds() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job job = new Job(folder, Optional.of(artifact));
        job.sample("golang.xml");

        assertThat(job.run("publish", "--no-raw", "golang.xml")).isZero();
        assertThat(artifact.calls).hasSize(3);

        assertThat(job.run("publish", "--ignore-missing", "gone.xml")).isZero();
        assertThat(job.errors()).containsExactly("* File not found, skipping: gone.xml", "* No files to process");
    }

    @Test
    void aFailingPushFailsPublishWithTheArtifactCommandsOutput() throws Exception {
        Job job = new Job(folder, Optional.of(new RecordingArtifact(store)));
        job.sample("golang.xml");
        assertThat(job.run("publish", "golang.xml")).isZero();

        assertThat(job.run("publish", "golang.xml")).isEqualTo(1);

        assertThat(job.errors()).anySatisfy(line -> assertThat(line).startsWith("* Pushing artifacts failed: exit status 1\n")
                .contains("'artifacts/jobs/job/test-results/junit.json' already exists").doesNotContain("Successfully"));
        assertThat(job.errors()).contains("Error: exit status 1");
    }

    @Test
    void pipelineReportMergesWhatTheJobsPublishedAndPushesItForTheWorkflow() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job first = new Job(folder, Optional.of(artifact));
        first.sample("golang.xml");
        first.sample("exunit.xml");
        assertThat(first.run("publish", "--no-raw", "golang.xml")).isZero();
        first.env.put("SEMAPHORE_JOB_ID", "job2");
        assertThat(first.run("publish", "--no-raw", "-f", "exunit.xml")).isZero();

        int status = first.run("gen-pipeline-report");

        assertThat(status).as(String.join("\n", first.printed)).isZero();
        JsonNode report = stored("workflow/test-results/ppl.json");
        assertThat(report.get("testResults")).extracting(results -> results.get("framework").asText())
                .containsExactlyInAnyOrder("golang", "exunit");
        assertThat(stored("workflow/test-results/ppl-summary.json").get("total").asInt()).isEqualTo(5);
        assertThat(first.errors()).contains("* [test-results] Artifact transfers:", "*   → Pulled: 1 operation, 2 files, "
                + Transfers.size(Files.size(RecordingArtifact.file(store, "workflow/test-results/ppl/job.json"))
                + Files.size(RecordingArtifact.file(store, "workflow/test-results/ppl/job2.json"))));
    }

    @Test
    void pipelineReportOfAFolderAcceptsGzipAndPlainDocuments() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job job = new Job(folder, Optional.of(artifact));
        job.sample("golang.xml");
        job.sample("mocha.xml");
        Files.createDirectories(folder.resolve("results"));
        assertThat(job.run("compile", "golang.xml", "results/a.json")).isZero();
        assertThat(job.run("compile", "--no-compress", "mocha.xml", "results/b.json")).isZero();

        assertThat(job.run("gen-pipeline-report", "--generate-mcp-summary", "results")).isZero();

        assertThat(stored("workflow/test-results/ppl.json").get("testResults")).hasSize(2);
        assertThat(RecordingArtifact.file(store, "workflow/test-results/ppl-mcp-summary.json")).exists();
        assertThat(artifact.calls).extracting(call -> call.get(0)).containsOnly("push");
    }

    @Test
    void pipelineReportWithoutPipelineIdDoesNothingAndSucceeds() throws Exception {
        RecordingArtifact artifact = new RecordingArtifact(store);
        Job job = new Job(folder, Optional.of(artifact));
        job.env.remove("SEMAPHORE_PIPELINE_ID");

        assertThat(job.run("gen-pipeline-report")).isZero();

        assertThat(job.errors()).containsExactly("* SEMAPHORE_PIPELINE_ID env is missing");
        assertThat(artifact.calls).isEmpty();
    }

    @Test
    void combineMergesDocumentsOfFoldersAndFilesInSortedOrder() throws Exception {
        Job job = new Job(folder);
        job.sample("golang.xml");
        Files.createDirectories(folder.resolve("r"));
        assertThat(job.run("compile", "-N", "Go", "golang.xml", "r/one.json")).isZero();
        Files.writeString(folder.resolve("r/two.json.txt"), "not read");
        assertThat(job.run("compile", "--no-compress", "-N", "Go", "-o", "golang.xml", "two.json")).isZero();

        assertThat(job.run("combine", "--no-compress", "r", "two.json", "all.json")).isZero();

        JsonNode all = job.json("all.json");
        assertThat(all.get("testResults")).hasSize(1);
        assertThat(all.at("/testResults/0/summary/total").asInt()).isEqualTo(3);

        Files.writeString(folder.resolve("r/broken.json"), "{");
        assertThat(job.run("combine", "r", "x.json")).isEqualTo(1);
        assertThat(job.errors().get(job.errors().size() - 1)).startsWith("Error: ");
        assertThat(List.of(folder.resolve("x.json").toFile().exists())).containsExactly(false);
    }
}
