package dev.outrider.dist;

import static dev.outrider.testkit.EventLogAssert.assertEventLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeArtifactHub;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.S3Server;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `outrider start` against a fake Semaphore control plane: the [PROTO] cases of the conformance
 * list, end to end, through bin/outrider. Retry intervals are shortened through
 * -Doutrider.protocol.* so that the cases run in seconds.
 */
class AgentProtocolIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-1";

    @BeforeEach
    void startHub() {
        startHub("linux", TOKEN);
    }

    private Process agent(String timing, String... extra) throws Exception {
        return agentWithToken(TOKEN, timing, extra);
    }

    @Test
    void registersRunsAJobAndDeliversItsLogExactlyOnce() throws Exception {
        agent("");
        AgentSnapshot registered = hub.awaitRegistered(1, WAIT).get(0);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo hello"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");

        assertEventLog(hub.events(job), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"echo hello"}
                {"event":"cmd_output","timestamp":"*","output":"hello\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"echo hello","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"job_finished","timestamp":"*","result":"passed"}
                """);
        assertThat(hub.logStats(job).gaps()).isZero();

        // L1: what the agent says about itself, and how it says it
        assertThat(registered.registration().name()).hasSize(20);
        assertThat(registered.registration().version()).startsWith("0.");
        assertThat(registered.registration().pid()).isPositive();
        assertThat(registered.registration().arch()).isNotEmpty();
        assertThat(registered.registration().hostname()).isNotEmpty();
        assertThat(registered.registration().os()).isNotEmpty();
        for (RecordedRequest request : hub.requests()) {
            assertThat(request.header("User-Agent")).as(request.path()).startsWith("SemaphoreAgent/0.");
            String auth = request.header("Authorization");
            switch (request.endpoint()) {
                case REGISTER -> assertThat(auth).isEqualTo("Token " + TOKEN);
                case LOGS -> {
                    assertThat(auth).isEqualTo("Bearer " + hub.logToken(job));
                    assertThat(request.header("Content-Type")).isEqualTo("text/plain");
                }
                default -> assertThat(auth).isEqualTo("Token " + registered.accessToken());
            }
        }
        // the fake records a request once it answered it: wait for the record of the finished-job sync
        hub.await("the finished-job sync recorded", h -> h.requests(Endpoint.SYNC).stream()
                .anyMatch(r -> r.body().contains("\"state\":\"finished-job\"")), WAIT);
        assertThat(hub.requests(Endpoint.SYNC)).anyMatch(r -> r.body().contains("\"state\":\"finished-job\"")
                && r.body().contains("\"job_result\":\"passed\""));
        String agentLog = Files.readString(work.resolve("stderr.txt")) + Files.readString(work.resolve("stdout.txt"));
        assertThat(agentLog).doesNotContain(TOKEN).doesNotContain(registered.accessToken())
                .doesNotContain(hub.logToken(job));
    }

    @Test
    void registrationIsRetried() throws Exception {
        hub.failNext(Endpoint.REGISTER, 500, 3);
        agent("-Doutrider.protocol.registerAttempts=5");
        hub.awaitRegistered(1, WAIT);
        // the fake records a request once it answered it: wait for the record of the 4th
        hub.await("4 register requests recorded", h -> h.requests(Endpoint.REGISTER).size() >= 4, WAIT);
        assertThat(hub.requests(Endpoint.REGISTER)).hasSize(4);
        assertThat(hub.requests(Endpoint.REGISTER)).extracting(RecordedRequest::status).containsExactly(500, 500, 500, 200);
    }

    @Test
    void registrationThatKeepsFailingEndsTheAgentNamingTheEndpointAndStatus() throws Exception {
        hub.failNext(Endpoint.REGISTER, 503, 100);
        Process process = agent("-Doutrider.protocol.registerAttempts=5");
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).contains("could not register after 5 attempts")
                .contains("http://" + hub.endpoint() + "/api/v1/self_hosted_agents/register answered HTTP 503");
        hub.await("5 register requests recorded", h -> h.requests(Endpoint.REGISTER).size() >= 5, WAIT);
        assertThat(hub.requests(Endpoint.REGISTER)).hasSize(5);
        assertThat(hub.requests(Endpoint.SYNC)).isEmpty();
    }

    @Test
    void wrongRegistrationTokenNeverStartsTheAgent() throws Exception {
        Process process = agentWithToken("not-the-token", "-Doutrider.protocol.registerAttempts=3");
        Result result = exit(process);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).contains("answered HTTP 401").doesNotContain("not-the-token");
    }

    @Test
    void shutdownFromUpstreamRunsTheHookWithTheReason() throws Exception {
        Path hook = Files.writeString(work.resolve("hook.sh"), "echo -n \"$SEMAPHORE_AGENT_SHUTDOWN_REASON\" > "
                + work.resolve("reason.txt") + "\n");
        Process process = agent("", "--shutdown-hook-path", hook.toString());
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).get(0);
        assertThat(work.resolve("reason.txt")).doesNotExist();
        hub.scheduleShutdown();
        hub.awaitDisconnected(agent.name(), WAIT);
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(work.resolve("reason.txt"))).isEqualTo("REQUESTED");
    }

    @Test
    void stoppedJobEndsStoppedAndItsLogIsComplete() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo started", "sleep 300", "echo never"));
        hub.awaitEvents(job, lines -> lines.stream().anyMatch(l -> l.contains("\"directive\":\"sleep 300\"")), WAIT);
        hub.stopJob(job);
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("stopped");
        List<String> events = hub.events(job);
        assertThat(events.get(events.size() - 2)).contains("\"directive\":\"sleep 300\",\"exit_code\":1");
        assertThat(events.getLast()).contains("\"result\":\"stopped\"");
        assertThat(String.join("\n", events)).doesNotContain("never");
    }

    @Test
    void jobFetchIsRetriedThenTheJobRuns() throws Exception {
        hub.failNext(Endpoint.GET_JOB, 500, 4);
        agent("-Doutrider.protocol.jobFetchAttempts=10");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo fetched"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertThat(hub.requests(Endpoint.GET_JOB)).hasSize(5);
    }

    @Test
    void jobThatCannotBeFetchedIsReportedFailedWithoutEvents() throws Exception {
        hub.failNext(Endpoint.GET_JOB, 500, 100);
        agent("-Doutrider.protocol.jobFetchAttempts=2");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo never"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("failed");
        assertThat(hub.requests(Endpoint.GET_JOB)).hasSize(2);
        assertThat(hub.events(job)).isEmpty();
    }

    @Test
    void jobWithAnUnknownExecutorIsReportedFailed() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        JsonObject request = FakeControlPlane.jobWithCommands("echo never").put("executor", "doesnotexist");
        String job = hub.scheduleJob(request);
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("failed");
        assertThat(hub.events(job)).isEmpty();
    }

    @Test
    void expiredLogTokenIsRefreshedAndEveryEventArrives() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo -n 'hello'"));
        hub.expireLogToken(job);
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertThat(hub.requests(Endpoint.REFRESH)).isNotEmpty();
        assertThat(hub.events(job)).hasSize(12).last().asString().contains("\"result\":\"passed\"");
    }

    @Test
    void logQuotaStopsPushingButTheJobFinishes() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("for i in $(seq 1 50); do echo line $i; sleep 0.05; done"));
        hub.logQuota(job, 5);
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertThat(hub.logStats(job).overQuota()).isPositive();
    }

    @Test
    void interruptWhileWaitingShutsDownAsInterrupted() throws Exception {
        Path hook = Files.writeString(work.resolve("hook.sh"), "echo -n \"$SEMAPHORE_AGENT_SHUTDOWN_REASON\" > "
                + work.resolve("reason.txt") + "\n");
        Process process = agent("", "--shutdown-hook-path", hook.toString());
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).get(0);
        process.destroy(); // SIGTERM
        hub.awaitDisconnected(agent.name(), WAIT);
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(work.resolve("reason.txt"))).isEqualTo("INTERRUPTED");
        assertThat(hub.requests(Endpoint.SYNC)).anyMatch(r -> new JsonObject(r.body()).getLong("interrupted_at") > 0);
    }

    @Test
    void singleJobAgentShutsDownAfterItsJob() throws Exception {
        Process process = agent("", "--disconnect-after-job");
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).get(0);
        assertThat(agent.registration().singleJob()).isTrue();
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo -n 'hello world'"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        hub.awaitDisconnected(agent.name(), WAIT);
        assertThat(exit(process).exitCode()).isZero();
    }

    @Test
    void noSuccessfulSyncForTooLongShutsTheAgentDownWithExitOne() throws Exception {
        Process process = agent("-Doutrider.protocol.unableToSync=PT3S -Doutrider.protocol.syncIntervalMin=PT0.2S "
                + "-Doutrider.protocol.syncIntervalMax=PT0.4S -Doutrider.protocol.disconnectAttempts=2");
        hub.awaitRegistered(1, WAIT);
        hub.failNext(Endpoint.SYNC, 500, 10_000);
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).contains("no successful sync for");
    }

    @Test
    void agentTokenFromTheEnvironmentNeverReachesTheJob() throws Exception {
        outrider(Map.of("SEMAPHORE_AGENT_TOKEN", TOKEN), "start", "--endpoint", hub.endpoint(), "--no-https");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo \"token=[${SEMAPHORE_AGENT_TOKEN:-}]\""));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertThat(String.join("\n", hub.events(job))).contains("token=[]").doesNotContain(TOKEN);
    }

    @Test
    void outageInTheMiddleOfAJobLosesNoEvent() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(
                "for i in $(seq 1 400); do echo \"line $i\"; sleep 0.1; done"));
        hub.awaitEvents(job, lines -> String.join("", lines).contains("line 20\\n"), WAIT);
        hub.refuseConnectionsFor(Duration.ofSeconds(30));
        assertThat(hub.awaitJobFinished(job, Duration.ofSeconds(120))).isEqualTo("passed");
        List<String> events = hub.events(job);
        StringBuilder output = new StringBuilder();
        for (String line : events) {
            JsonObject event = new JsonObject(line);
            if (event.getString("event").equals("cmd_output")) {
                output.append(event.getString("output"));
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertThat(output.toString()).contains(expected.toString());
        assertThat(events.getLast()).contains("\"result\":\"passed\"");
        assertThat(hub.logStats(job).gaps()).isZero();
    }

    @Test
    void finishedJobIsReportedOnlyAfterItsWholeLogWasAccepted() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        hub.failNext(Endpoint.LOGS, 503, 4); // the log lags behind the job
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("seq 1 3000"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        hub.await("the finished-job sync recorded", h -> h.requests(Endpoint.SYNC).stream()
                .anyMatch(r -> r.body().contains("\"state\":\"finished-job\"")), WAIT);
        Instant lastAccepted = hub.requests(Endpoint.LOGS).stream().filter(r -> r.status() == 200)
                .map(RecordedRequest::receivedAt).max(Instant::compareTo).orElseThrow();
        Instant reported = hub.requests(Endpoint.SYNC).stream()
                .filter(r -> r.body().contains("\"state\":\"finished-job\"")).findFirst().orElseThrow().receivedAt();
        assertThat(reported).isAfter(lastAccepted);
        assertThat(hub.events(job).getLast()).contains("\"result\":\"passed\"");
    }

    @Test
    void logThatCannotBeDeliveredDelaysTheResultOnlyUntilTheUpperBound() throws Exception {
        agent("", "--log-upload-timeout", "3");
        hub.awaitRegistered(1, WAIT);
        hub.failNext(Endpoint.LOGS, 500, 100_000);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo lost"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        hub.await("the agent's error", h -> {
            try {
                return Files.readString(work.resolve("stderr.txt")).contains("gave up delivering its log");
            } catch (java.io.IOException e) {
                return false;
            }
        }, WAIT);
        assertThat(Files.readString(work.resolve("stderr.txt"))).contains("Job '" + job + "': gave up delivering its log");
        assertThat(hub.events(job)).isEmpty();
    }

    @Test
    void runningJobsLogIsPushedWhileItRuns() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo first", "sleep 8", "echo second"));
        List<String> seen = hub.awaitEvents(job, lines -> String.join("", lines).contains("first\\n"), WAIT);
        Instant firstSeen = Instant.now();
        assertThat(String.join("", seen)).doesNotContain("second");
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        // the output of `echo first` arrived long before the job ended, during its `sleep 8`
        assertThat(Duration.between(firstSeen, Instant.now())).isGreaterThan(Duration.ofSeconds(5));
    }

    /** Starts an agent with `upload-job-logs` set; it pushes job logs with its own artifact command. */
    private void agentUploadingJobLogs(String uploadJobLogs) throws Exception {
        outrider(Map.of("PATH", System.getenv("PATH")), "start", "--endpoint", hub.endpoint(),
                "--token", TOKEN, "--no-https", "--upload-job-logs", uploadJobLogs);
        hub.awaitRegistered(1, WAIT);
    }

    private static JsonObject withArtifactVariables(JsonObject job, FakeArtifactHub artifacts) {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return job.put("env_vars", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("name", "SEMAPHORE_ARTIFACT_TOKEN")
                        .put("value", base64.encodeToString("artifact-secret".getBytes())))
                .add(new JsonObject().put("name", "SEMAPHORE_ORGANIZATION_URL")
                        .put("value", base64.encodeToString(artifacts.organizationUrl().getBytes()))));
    }

    private static String jobLog(FakeArtifactHub artifacts, String job) {
        return new String(artifacts.content("artifacts/jobs/" + job + "/agent/job_logs.txt"),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void jobLogIsUploadedAsAnArtifactWhenConfigured() throws Exception {
        try (S3Server s3 = S3Server.start();
             FakeArtifactHub artifacts = FakeArtifactHub.start(s3, "logs", "artifact-secret", "project-1")) {
            agentUploadingJobLogs("always");
            String job = hub.scheduleJob(withArtifactVariables(FakeControlPlane.jobWithCommands("echo hello artifact"),
                    artifacts));
            assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
            assertThat(artifacts.hubRequests()).singleElement().satisfies(request -> {
                assertThat(request.authorization()).isEqualTo("artifact-secret");
                assertThat(request.body()).isEqualTo("{\"paths\":[\"artifacts/jobs/" + job + "/agent/job_logs.txt\"]}\n");
            });
            assertThat(jobLog(artifacts, job)).contains("echo hello artifact\nhello artifact\n")
                    .endsWith("Exporting SEMAPHORE_JOB_RESULT\n");
            assertThat(Files.readString(work.resolve("stderr.txt"))).doesNotContain("artifact-secret");
        }
    }

    @Test
    void jobLogIsUploadedWhenTrimmedOnlyIfTheEndpointRefusedPartOfIt() throws Exception {
        try (S3Server s3 = S3Server.start();
             FakeArtifactHub artifacts = FakeArtifactHub.start(s3, "logs", "artifact-secret", "project-1")) {
            agentUploadingJobLogs("when-trimmed");
            String whole = hub.scheduleJob(withArtifactVariables(FakeControlPlane.jobWithCommands("echo whole"), artifacts));
            assertThat(hub.awaitJobFinished(whole, WAIT)).isEqualTo("passed");
            assertThat(artifacts.objects()).isEmpty();

            String cut = hub.scheduleJob(withArtifactVariables(FakeControlPlane.jobWithCommands(
                    "for i in $(seq 1 30); do echo line $i; sleep 0.05; done"), artifacts));
            hub.logQuota(cut, 3);
            assertThat(hub.awaitJobFinished(cut, WAIT)).isEqualTo("passed");
            assertThat(jobLog(artifacts, cut)).contains("line 30\n");
        }
    }
}
