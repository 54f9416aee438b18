package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.JobStatus;
import dev.outrider.testkit.controlplane.ManualClock;
import dev.outrider.testkit.controlplane.RecordedRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeControlPlaneProtocolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualClock clock = ManualClock.startingNow();
    private FakeControlPlane fake;
    private Probe probe;

    @BeforeEach
    void start() {
        fake = FakeControlPlane.builder().clock(clock).start()
                .addAgentType("linux", "linux-registration")
                .addAgentType("mac", "mac-registration");
        probe = new Probe(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void endpointIsLoopbackAddressAndPortWithoutScheme() {
        assertThat(fake.endpoint()).isEqualTo("127.0.0.1:" + fake.port());
        assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + fake.port());
        assertThat(fake.https()).isFalse();
    }

    @Test
    void registrationWithKnownTokenIssuesAccessTokenAndRecordsTheAgent() {
        HttpResponse<String> response = probe.register("linux-registration",
                Probe.registration("builder-01-agent", true, 30, 5, ""));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getString("name")).isEqualTo("builder-01-agent");
        assertThat(answer.getString("token")).isNotBlank();

        AgentSnapshot agent = fake.awaitRegistered(1, TIMEOUT).getFirst();
        assertThat(agent.type()).isEqualTo("linux");
        assertThat(agent.accessToken()).isEqualTo(answer.getString("token"));
        assertThat(agent.registration().version()).isEqualTo("v9.9.9");
        assertThat(agent.registration().pid()).isEqualTo(4242);
        assertThat(agent.registration().singleJob()).isTrue();
        assertThat(agent.registration().idleTimeout()).isEqualTo(30);
        assertThat(agent.registration().interruptionGracePeriod()).isEqualTo(5);
        assertThat(agent.registration().json()).contains("\"hostname\":\"builder-01\"");
        assertThat(agent.state()).isNull();
    }

    @Test
    void eachRegistrationGetsItsOwnAccessToken() {
        String first = probe.registerAgent("linux-registration", "agent-one-name");
        String second = probe.registerAgent("linux-registration", "agent-one-name");

        assertThat(first).isNotEqualTo(second);
        assertThat(fake.agents()).hasSize(2);
    }

    @Test
    void registrationWithEmptyNameGetsAGeneratedName() {
        HttpResponse<String> response = probe.register("mac-registration", Probe.registration("", false, 0, 0, ""));

        assertThat(new JsonObject(response.body()).getString("name")).hasSize(20).matches("[A-Za-z0-9_-]+");
        assertThat(fake.agents().getFirst().type()).isEqualTo("mac");
    }

    @Test
    void registrationWithUnknownOrMissingTokenIsUnauthorized() {
        assertThat(probe.register("wrong", Probe.registration("agent-name", false, 0, 0, "")).statusCode())
                .isEqualTo(401);
        assertThat(probe.post(Probe.BASE + "/register", null, "{}").statusCode()).isEqualTo(401);
        assertThat(probe.post(Probe.BASE + "/register", "Bearer linux-registration", "{}").statusCode())
                .isEqualTo(401);
        assertThat(fake.agents()).isEmpty();
    }

    @Test
    void registrationWithMalformedBodyIsABadRequest() {
        assertThat(probe.post(Probe.BASE + "/register", "Token linux-registration", "{not json").statusCode())
                .isEqualTo(400);
        assertThat(probe.post(Probe.BASE + "/register", "Token linux-registration", "{\"pid\":\"x\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void syncWithoutValidAccessTokenIsUnauthorized() {
        probe.registerAgent("linux-registration", "agent-name");

        assertThat(probe.syncResponse("not-a-token", "waiting-for-jobs", "", "", 0).statusCode()).isEqualTo(401);
        assertThat(probe.post(Probe.BASE + "/sync", null, "{}").statusCode()).isEqualTo(401);
        assertThat(probe.post(Probe.BASE + "/sync", "Token linux-registration", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void syncWithUnknownStateIsABadRequestWithAMessage() {
        String token = probe.registerAgent("linux-registration", "agent-name");

        HttpResponse<String> response = probe.syncResponse(token, "dancing", "", "", 0);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("dancing");
    }

    @Test
    void waitingAgentIsToldToContinueWithTheDefaultInterval() {
        String token = probe.registerAgent("linux-registration", "agent-name");

        JsonObject answer = probe.waiting(token);

        assertThat(answer.getString("action")).isEqualTo("continue");
        assertThat(answer.getLong("next_sync_after")).isEqualTo(1000L);
        AgentSnapshot agent = fake.agents().getFirst();
        assertThat(agent.state()).isEqualTo("waiting-for-jobs");
        assertThat(agent.syncCount()).isEqualTo(1);
        assertThat(agent.lastSyncAt()).isEqualTo(clock.instant());
    }

    @Test
    void nextSyncAfterIsSetByTheTest() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        fake.nextSyncAfter(Duration.ofMillis(50));

        assertThat(probe.waiting(token).getLong("next_sync_after")).isEqualTo(50L);
    }

    @Test
    void queuedJobIsHandedToExactlyOneAgent() {
        String first = probe.registerAgent("linux-registration", "agent-one-name");
        String second = probe.registerAgent("linux-registration", "agent-two-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo hello"));
        assertThat(fake.jobStatus(job)).isEqualTo(JobStatus.QUEUED);

        JsonObject handed = probe.waiting(first);
        JsonObject other = probe.waiting(second);

        assertThat(handed.getString("action")).isEqualTo("run-job");
        assertThat(handed.getString("job_id")).isEqualTo(job);
        assertThat(other.getString("action")).isEqualTo("continue");
        assertThat(probe.waiting(first).getString("action")).isEqualTo("continue");
        assertThat(fake.jobStatus(job)).isEqualTo(JobStatus.RUNNING);
        assertThat(fake.job(job).agentName()).isEqualTo("agent-one-name");
        assertThat(fake.agent("agent-one-name").orElseThrow().currentJobId()).isEqualTo(job);
    }

    @Test
    void jobsAreHandedInTheOrderScheduled() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String first = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo 1"));
        String second = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo 2"));

        assertThat(probe.waiting(token).getString("job_id")).isEqualTo(first);
        probe.sync(token, "finished-job", first, "passed", 0);
        assertThat(probe.waiting(token).getString("job_id")).isEqualTo(second);
    }

    @Test
    void jobForAnAgentTypeGoesOnlyToAgentsOfThatType() {
        String linux = probe.registerAgent("linux-registration", "linux-agent");
        String mac = probe.registerAgent("mac-registration", "mac-agent");
        String job = fake.scheduleJobFor("mac", FakeControlPlane.jobWithCommands("sw_vers"));

        assertThat(probe.waiting(linux).getString("action")).isEqualTo("continue");
        assertThat(probe.waiting(mac).getString("job_id")).isEqualTo(job);
    }

    @Test
    void schedulingForAnUndeclaredTypeIsRefused() {
        assertThatThrownBy(() -> fake.scheduleJobFor("windows", new JsonObject()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windows");
    }

    @Test
    void agentRegisteredForAJobIdGetsOnlyThatJob() {
        fake.scheduleJob(FakeControlPlane.jobWithCommands("echo other"));
        String wanted = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo wanted").put("job_id", "job-42"));
        String token = new JsonObject(probe.register("linux-registration",
                Probe.registration("single-agent", true, 0, 0, "job-42")).body()).getString("token");

        assertThat(wanted).isEqualTo("job-42");
        assertThat(probe.waiting(token).getString("job_id")).isEqualTo("job-42");
    }

    @Test
    void scheduledJobGetsIdAndPushLogger() {
        String job = fake.scheduleJob("{\"executor\":\"shell\",\"commands\":[{\"directive\":\"true\"}]}");

        JsonObject request = fake.jobRequest(job);
        assertThat(request.getString("job_id")).isEqualTo(job);
        assertThat(request.getString("executor")).isEqualTo("shell");
        JsonObject logger = request.getJsonObject("logger");
        assertThat(logger.getString("method")).isEqualTo("push");
        assertThat(logger.getString("url")).isEqualTo(fake.baseUrl() + "/api/v1/logs/" + job);
        assertThat(logger.getString("token")).isEqualTo(fake.logToken(job)).isNotBlank();
        assertThatThrownBy(() -> fake.scheduleJob(new JsonObject().put("job_id", job)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getJobAnswersTheRequestOnlyToTheAgentItWasHandedTo() {
        String runner = probe.registerAgent("linux-registration", "runner-agent");
        String bystander = probe.registerAgent("linux-registration", "bystander-agent");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo hello"));
        probe.waiting(runner);

        HttpResponse<String> right = probe.get(Probe.BASE + "/jobs/" + job, "Token " + runner);
        HttpResponse<String> wrong = probe.get(Probe.BASE + "/jobs/" + job, "Token " + bystander);
        HttpResponse<String> none = probe.get(Probe.BASE + "/jobs/" + job, null);
        HttpResponse<String> unknown = probe.get(Probe.BASE + "/jobs/no-such-job", "Token " + runner);

        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(right.body())).isEqualTo(fake.jobRequest(job));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void stoppedJobGetsStopJobOnTheNextRunningSync() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("sleep 100"));
        probe.waiting(token);
        assertThat(probe.sync(token, "starting-job", job).getString("action")).isEqualTo("continue");
        assertThat(probe.sync(token, "running-job", job).getString("action")).isEqualTo("continue");

        fake.stopJob(job);

        assertThat(fake.jobStatus(job)).isEqualTo(JobStatus.STOPPING);
        JsonObject answer = probe.sync(token, "running-job", job);
        assertThat(answer.getString("action")).isEqualTo("stop-job");
        assertThat(answer.getString("job_id")).isEqualTo(job);
        assertThat(probe.sync(token, "stopping-job", job).getString("action")).isEqualTo("continue");
        assertThat(probe.sync(token, "finished-job", job, "stopped", 0).getString("action"))
                .isEqualTo("wait-for-jobs");
        assertThat(fake.awaitJobFinished(job, TIMEOUT)).isEqualTo("stopped");
    }

    @Test
    void jobStoppedWhileQueuedIsNeverHandedOut() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo never"));

        fake.stopJob(job);

        assertThat(fake.jobStatus(job)).isEqualTo(JobStatus.FINISHED);
        assertThat(fake.jobResult(job)).isEqualTo("stopped");
        assertThat(probe.waiting(token).getString("action")).isEqualTo("continue");
    }

    @Test
    void finishedJobRecordsTheResultAndSendsTheAgentBackToWaiting() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("false"));
        probe.waiting(token);
        probe.sync(token, "running-job", job);

        JsonObject answer = probe.sync(token, "finished-job", job, "failed", 0);

        assertThat(answer.getString("action")).isEqualTo("wait-for-jobs");
        assertThat(fake.jobStatus(job)).isEqualTo(JobStatus.FINISHED);
        assertThat(fake.jobResult(job)).isEqualTo("failed");
        assertThat(fake.agents().getFirst().currentJobId()).isNull();
        // the agent repeats finished-job until it sees wait-for-jobs: the first result stays
        probe.sync(token, "finished-job", job, "passed", 0);
        assertThat(fake.jobResult(job)).isEqualTo("failed");
    }

    @Test
    void singleJobAgentIsShutDownWithJobFinishedAfterItsJob() {
        String token = probe.registerAgent("linux-registration", "agent-name", true, 0, 0);
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
        probe.waiting(token);

        JsonObject answer = probe.sync(token, "finished-job", job, "passed", 0);

        assertThat(answer.getString("action")).isEqualTo("shutdown");
        assertThat(answer.getString("shutdown_reason")).isEqualTo("job-finished");
        assertThat(answer.getLong("next_sync_after")).isEqualTo(1000L);
        assertThat(fake.agents().getFirst().shutdownReason()).isEqualTo("job-finished");
    }

    @Test
    void interruptedWaitingAgentIsShutDownAsInterrupted() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));

        JsonObject answer = probe.sync(token, "waiting-for-jobs", "", "", clock.instant().getEpochSecond());

        assertThat(answer.getString("action")).isEqualTo("shutdown");
        assertThat(answer.getString("shutdown_reason")).isEqualTo("interrupted");
    }

    @Test
    void scheduledShutdownGoesToWaitingAgentsAsRequested() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        fake.scheduleShutdown();

        JsonObject answer = probe.waiting(token);

        assertThat(answer.getString("action")).isEqualTo("shutdown");
        assertThat(answer.getString("shutdown_reason")).isEqualTo("requested");
    }

    @Test
    void shutdownScheduledForOneAgentSparesTheOthers() {
        String leaving = probe.registerAgent("linux-registration", "leaving-agent");
        String staying = probe.registerAgent("linux-registration", "staying-agent");
        fake.scheduleShutdown("leaving-agent");

        assertThat(probe.waiting(leaving).getString("shutdown_reason")).isEqualTo("requested");
        assertThat(probe.waiting(staying).getString("action")).isEqualTo("continue");
    }

    @Test
    void scheduledShutdownStopsARunningJobFirstThenShutsDownAfterItFinished() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("sleep 100"));
        probe.waiting(token);
        fake.scheduleShutdown();

        assertThat(probe.sync(token, "running-job", job).getString("action")).isEqualTo("stop-job");
        JsonObject answer = probe.sync(token, "finished-job", job, "stopped", 0);
        assertThat(answer.getString("action")).isEqualTo("shutdown");
        assertThat(answer.getString("shutdown_reason")).isEqualTo("requested");
        assertThat(fake.jobResult(job)).isEqualTo("stopped");
    }

    @Test
    void idleAgentIsShutDownOnlyAfterItsIdleTimeout() {
        String token = probe.registerAgent("linux-registration", "agent-name", false, 60, 0);

        clock.advance(Duration.ofSeconds(60));
        assertThat(probe.waiting(token).getString("action")).isEqualTo("continue");
        clock.advance(Duration.ofSeconds(1));
        JsonObject answer = probe.waiting(token);

        assertThat(answer.getString("action")).isEqualTo("shutdown");
        assertThat(answer.getString("shutdown_reason")).isEqualTo("idle");
    }

    @Test
    void idleTimeRestartsWhenAJobEnds() {
        String token = probe.registerAgent("linux-registration", "agent-name", false, 60, 0);
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
        probe.waiting(token);
        clock.advance(Duration.ofSeconds(100));
        probe.sync(token, "finished-job", job, "passed", 0);

        clock.advance(Duration.ofSeconds(30));
        assertThat(probe.waiting(token).getString("action")).isEqualTo("continue");
    }

    @Test
    void interruptedRunningJobIsStoppedOnceTheGracePeriodPassed() {
        String token = probe.registerAgent("linux-registration", "agent-name", false, 0, 10);
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("sleep 100"));
        probe.waiting(token);
        long interruptedAt = clock.instant().getEpochSecond();

        clock.advance(Duration.ofSeconds(9));
        assertThat(probe.sync(token, "running-job", job, "", interruptedAt).getString("action"))
                .isEqualTo("continue");
        clock.advance(Duration.ofSeconds(1));
        JsonObject stop = probe.sync(token, "running-job", job, "", interruptedAt);
        assertThat(stop.getString("action")).isEqualTo("stop-job");
        assertThat(stop.getString("job_id")).isEqualTo(job);

        JsonObject answer = probe.sync(token, "finished-job", job, "stopped", interruptedAt);
        assertThat(answer.getString("action")).isEqualTo("shutdown");
        assertThat(answer.getString("shutdown_reason")).isEqualTo("interrupted");
    }

    @Test
    void syncsAreRecordedPerAgent() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
        probe.waiting(token);
        probe.sync(token, "running-job", job);

        AgentSnapshot agent = fake.agent("agent-name").orElseThrow();
        assertThat(agent.syncs()).extracting(s -> s.state() + "→" + s.action())
                .containsExactly("waiting-for-jobs→run-job", "running-job→continue");
        assertThat(agent.state()).isEqualTo("running-job");
    }

    @Test
    void refreshIssuesANewLogTokenForTheAgentsJob() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
        probe.waiting(token);
        String before = fake.logToken(job);

        HttpResponse<String> response = probe.post(Probe.BASE + "/refresh", "Token " + token, null);

        assertThat(response.statusCode()).isEqualTo(200);
        String fresh = new JsonObject(response.body()).getString("token");
        assertThat(fresh).isNotBlank().isNotEqualTo(before).isEqualTo(fake.logToken(job));
        assertThat(fake.job(job).logTokenRefreshes()).isEqualTo(1);
        assertThat(probe.post(Probe.BASE + "/refresh", "Token nope", null).statusCode()).isEqualTo(401);
    }

    @Test
    void disconnectMarksTheAgentDisconnected() {
        String token = probe.registerAgent("linux-registration", "agent-name");

        assertThat(probe.post(Probe.BASE + "/disconnect", "Token " + token, null).statusCode()).isEqualTo(200);

        assertThat(fake.awaitDisconnected("agent-name", TIMEOUT).disconnected()).isTrue();
        assertThat(fake.awaitDisconnected(1, TIMEOUT)).hasSize(1);
        assertThat(probe.post(Probe.BASE + "/disconnect", "Token nope", null).statusCode()).isEqualTo(401);
    }

    @Test
    void everyRequestIsRecordedWithHeadersBodyAndStatus() {
        String token = probe.registerAgent("linux-registration", "agent-name");
        probe.waiting(token);
        probe.get("/no/such/path", null);

        assertThat(fake.requests()).extracting(RecordedRequest::endpoint, RecordedRequest::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Endpoint.REGISTER, 200),
                        org.assertj.core.groups.Tuple.tuple(Endpoint.SYNC, 200),
                        org.assertj.core.groups.Tuple.tuple(null, 404));
        RecordedRequest sync = fake.requests(Endpoint.SYNC).getFirst();
        assertThat(sync.method()).isEqualTo("POST");
        assertThat(sync.uri()).isEqualTo("/api/v1/self_hosted_agents/sync");
        assertThat(sync.header("user-agent")).isEqualTo(Probe.USER_AGENT);
        assertThat(sync.header("Authorization")).isEqualTo("Token " + token);
        assertThat(new JsonObject(sync.body()).getString("state")).isEqualTo("waiting-for-jobs");
        assertThat(sync.receivedAt()).isEqualTo(clock.instant());
    }

    @Test
    void wrongMethodOnAnEndpointIsNotAllowed() {
        assertThat(probe.get(Probe.BASE + "/sync", null).statusCode()).isEqualTo(405);
    }

    @Test
    void requiredUserAgentRejectsOtherClientsWithServerErrorLikeTheGoMocks() {
        fake.requireUserAgent("SemaphoreAgent/v1.0.2");

        HttpResponse<String> response = probe.register("linux-registration",
                Probe.registration("agent-name", false, 0, 0, ""));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(fake.agents()).isEmpty();
        fake.requireUserAgent(Probe.USER_AGENT);
        assertThat(probe.register("linux-registration", Probe.registration("agent-name", false, 0, 0, ""))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void awaitFailsWithASummaryWhenTheConditionDoesNotHoldInTime() {
        assertThatThrownBy(() -> fake.awaitRegistered(1, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 agent(s) registered")
                .hasMessageContaining("no agents");
    }
}
