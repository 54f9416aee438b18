package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.controlplane.LogStats;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeControlPlaneLogsTest {

    private FakeControlPlane fake;
    private Probe probe;
    private String accessToken;
    private String job;
    private String logUrl;

    @BeforeEach
    void startAJob() {
        fake = FakeControlPlane.start().addAgentType("linux", "registration");
        probe = new Probe(fake);
        accessToken = probe.registerAgent("registration", "agent-name");
        job = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo hello"));
        probe.waiting(accessToken);
        logUrl = fake.jobRequest(job).getJsonObject("logger").getString("url");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void linesAreStoredByOffset() {
        assertThat(push(0, "e0", "e1").statusCode()).isEqualTo(200);
        assertThat(push(2, "e2").statusCode()).isEqualTo(200);

        assertThat(fake.events(job)).containsExactly(event("e0"), event("e1"), event("e2"));
        assertThat(fake.logStats(job)).isEqualTo(new LogStats(2, 2, 3, 0, 0, 0, 0));
        assertThat(fake.requests().getLast().header("Content-Type")).isEqualTo("text/plain");
    }

    @Test
    void aBodyIsSplitIntoUtf8LinesAtEachNewlineAndALastLineNeedsNone() {
        assertThat(probe.pushLogs(logUrl, fake.logToken(job), 0, "grüße\n\n😀 €\nno newline").statusCode())
                .isEqualTo(200);
        assertThat(probe.pushLogs(logUrl, fake.logToken(job), 4, "").statusCode()).isEqualTo(200);

        assertThat(fake.events(job)).containsExactly("grüße", "", "😀 €", "no newline");
        assertThat(fake.requests().getLast().body()).isEmpty();
        assertThat(fake.requests().get(fake.requests().size() - 2).body()).isEqualTo("grüße\n\n😀 €\nno newline");
    }

    @Test
    void resendOverlappingStoredOffsetsIsIdempotent() {
        push(0, "e0", "e1", "e2");

        // the agent did not see the 200 and resends from 1, with more events appended
        assertThat(push(1, "e1", "e2", "e3", "e4").statusCode()).isEqualTo(200);

        assertThat(fake.events(job)).containsExactly(event("e0"), event("e1"), event("e2"), event("e3"), event("e4"));
        LogStats stats = fake.logStats(job);
        assertThat(stats.duplicateLines()).isEqualTo(2);
        assertThat(stats.gaps()).isZero();
        assertThat(stats.storedLines()).isEqualTo(5);
    }

    @Test
    void startFromBeyondTheStoredLinesIsAGapAnsweredWithBadRequest() {
        push(0, "e0");

        HttpResponse<String> response = push(5, "e5");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("gap");
        assertThat(fake.events(job)).containsExactly(event("e0"));
        assertThat(fake.logStats(job).gaps()).isEqualTo(1);
    }

    @Test
    void missingOrWrongTokenIsUnauthorized() {
        assertThat(probe.pushLogs(logUrl, null, 0, event("e0") + "\n").statusCode()).isEqualTo(401);
        assertThat(probe.pushLogs(logUrl, "forged", 0, event("e0") + "\n").statusCode()).isEqualTo(401);
        assertThat(probe.post(logUrl.substring(fake.baseUrl().length()) + "?start_from=0",
                "Token " + accessToken, event("e0") + "\n").statusCode()).isEqualTo(401);

        assertThat(fake.events(job)).isEmpty();
        assertThat(fake.logStats(job).unauthorized()).isEqualTo(3);
    }

    @Test
    void tokenOfAnotherJobIsUnauthorized() {
        String other = fake.scheduleJob(FakeControlPlane.jobWithCommands("echo other"));

        assertThat(probe.pushLogs(logUrl, fake.logToken(other), 0, event("e0") + "\n").statusCode())
                .isEqualTo(401);
    }

    @Test
    void tokenReplacedByRefreshIsUnauthorizedAndTheNewOneWorks() {
        String old = fake.logToken(job);
        String fresh = new JsonObject(probe.post(Probe.BASE + "/refresh", "Token " + accessToken, null).body())
                .getString("token");

        assertThat(probe.pushLogs(logUrl, old, 0, event("e0") + "\n").statusCode()).isEqualTo(401);
        assertThat(probe.pushLogs(logUrl, fresh, 0, event("e0") + "\n").statusCode()).isEqualTo(200);
        assertThat(fake.events(job)).containsExactly(event("e0"));
    }

    @Test
    void expiredTokenIsUnauthorizedUntilRefreshed() {
        push(0, "e0");

        fake.expireLogToken(job);

        assertThat(push(1, "e1").statusCode()).isEqualTo(401);
        assertThat(fake.logToken(job)).isNull();
        String fresh = new JsonObject(probe.post(Probe.BASE + "/refresh", "Token " + accessToken, null).body())
                .getString("token");
        assertThat(probe.pushLogs(logUrl, fresh, 1, event("e1") + "\n").statusCode()).isEqualTo(200);
    }

    @Test
    void pushesAfterTheJobWasReportedFinishedAreUnauthorized() {
        push(0, "e0");
        probe.sync(accessToken, "finished-job", job, "passed", 0);

        assertThat(push(1, "e1").statusCode()).isEqualTo(401);
        assertThat(fake.events(job)).containsExactly(event("e0"));
    }

    @Test
    void quotaReachedIsAnsweredWith422() {
        fake.logQuota(job, 3);

        assertThat(push(0, "e0", "e1").statusCode()).isEqualTo(200);
        // like the Go mock, the limit is checked before storing: this batch still goes in
        assertThat(push(2, "e2", "e3").statusCode()).isEqualTo(200);
        assertThat(push(4, "e4").statusCode()).isEqualTo(422);

        assertThat(fake.events(job)).hasSize(4);
        assertThat(fake.logStats(job).overQuota()).isEqualTo(1);
    }

    @Test
    void malformedStartFromIsABadRequestButNoGap() {
        String path = logUrl.substring(fake.baseUrl().length());

        assertThat(probe.post(path, "Bearer " + fake.logToken(job), "x\n", "text/plain").statusCode())
                .isEqualTo(400);
        assertThat(probe.post(path + "?start_from=abc", "Bearer " + fake.logToken(job), "x\n", "text/plain")
                .statusCode()).isEqualTo(400);
        assertThat(fake.logStats(job).gaps()).isZero();
    }

    @Test
    void unknownJobIsNotFound() {
        String url = fake.baseUrl() + "/api/v1/logs/no-such-job";

        assertThat(probe.pushLogs(url, fake.logToken(job), 0, "x\n").statusCode()).isEqualTo(404);
    }

    @Test
    void largeBatchesAreStoredWhole() {
        List<String> names = IntStream.range(0, 2000).mapToObj(i -> "e" + i).toList();

        assertThat(push(0, names.toArray(String[]::new)).statusCode()).isEqualTo(200);

        assertThat(fake.events(job)).hasSize(2000).last().isEqualTo(event("e1999"));
    }

    @Test
    void awaitEventsWaitsForLinesToArrive() throws InterruptedException {
        Thread pusher = Thread.ofVirtual().start(() -> push(0, "e0", "job_finished"));

        List<String> lines = fake.awaitEvents(job, l -> l.stream().anyMatch(e -> e.contains("job_finished")),
                Duration.ofSeconds(10));

        assertThat(lines).hasSize(2);
        assertThat(pusher.join(Duration.ofSeconds(10))).isTrue();
    }

    private HttpResponse<String> push(long startFrom, String... names) {
        String body = java.util.Arrays.stream(names).map(n -> event(n) + "\n").collect(Collectors.joining());
        return probe.pushLogs(logUrl, fake.logToken(job), startFrom, body);
    }

    private static String event(String name) {
        return "{\"event\":\"cmd_output\",\"timestamp\":1700000000,\"output\":\"" + name + "\"}";
    }
}
