package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.log.EventJson;
import dev.outrider.spi.Job;
import dev.outrider.spi.LogEvent;
import dev.outrider.testkit.FakeArtifactHub;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job log upload runs the artifact command in the agent, against a fake hub on a real S3 server. */
class JobLogArtifactHubTest {

    @TempDir
    Path dir;

    @Test
    void uploadsTheRenderedLogAsTheJobsArtifactWithoutAnArtifactBinary() throws Exception {
        Path spool = Files.writeString(dir.resolve("spool"),
                EventJson.encode(new LogEvent.CommandStarted(1, "echo hi")) + "\n"
                        + EventJson.encode(new LogEvent.CommandOutput(2, "hi\n")) + "\n");
        try (S3Server s3 = S3Server.start();
             FakeArtifactHub hub = FakeArtifactHub.start(s3, "logs", "artifact-secret", "project-1")) {
            Job job = JobRequests.job().id("job-7").env("SEMAPHORE_ARTIFACT_TOKEN", "artifact-secret")
                    .env("SEMAPHORE_ORGANIZATION_URL", hub.organizationUrl()).buildJob();

            new JobLogArtifact(Map.of("PATH", "/nonexistent")).upload(job, spool);

            assertThat(hub.objects()).containsExactly("project-1/artifacts/jobs/job-7/agent/job_logs.txt");
            assertThat(hub.hubRequests().get(0).body())
                    .isEqualTo("{\"paths\":[\"artifacts/jobs/job-7/agent/job_logs.txt\"]}\n");
            assertThat(new String(hub.content("artifacts/jobs/job-7/agent/job_logs.txt"))).isEqualTo("echo hi\nhi\n");
            assertThat(hub.storageCalls()).containsExactly("HEAD artifacts/jobs/job-7/agent/job_logs.txt",
                    "PUT artifacts/jobs/job-7/agent/job_logs.txt");
            assertThat(hub.requests().get(2).contentLength()).isEqualTo(String.valueOf("echo hi\nhi\n".length()));
        }
    }
}
