package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.controlplane.Endpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/self_hosted_agents/jobs}, which Semaphore's agent-k8s-controller polls. */
class FakeControlPlaneQueuedJobsTest {

    private static final String LIST = Probe.BASE + "/jobs";

    private FakeControlPlane fake;
    private Probe probe;

    @BeforeEach
    void start() {
        fake = FakeControlPlane.start()
                .addAgentType("linux", "linux-registration")
                .addAgentType("mac", "mac-registration");
        probe = new Probe(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void listsTheQueuedJobsOfTheTokensAgentTypeOldestFirst() {
        String first = fake.scheduleJobFor("linux", FakeControlPlane.jobWithCommands("true"));
        String forMac = fake.scheduleJobFor("mac", FakeControlPlane.jobWithCommands("true"));
        String forAny = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));

        assertThat(ids(probe.get(LIST, "Token linux-registration"))).containsExactly(first, forAny);
        assertThat(ids(probe.get(LIST, "Token mac-registration"))).containsExactly(forMac, forAny);
    }

    @Test
    void leavesOutJobsAnAgentTookOrThatWereStopped() {
        String taken = fake.scheduleJobFor("linux", FakeControlPlane.jobWithCommands("true"));
        String stopped = fake.scheduleJobFor("linux", FakeControlPlane.jobWithCommands("true"));
        String queued = fake.scheduleJobFor("linux", FakeControlPlane.jobWithCommands("true"));
        String access = probe.registerAgent("linux-registration", "agent-for-one-job", true, 0, 0);
        assertThat(new JsonObject(probe.syncResponse(access, "waiting-for-jobs", "", "", 0).body())
                .getString("job_id")).isEqualTo(taken);
        fake.stopJob(stopped);

        assertThat(ids(probe.get(LIST, "Token linux-registration"))).containsExactly(queued);
    }

    @Test
    void answersAnEmptyListWhenNothingIsQueued() {
        HttpResponse<String> response = probe.get(LIST, "Token mac-registration");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getJsonArray("jobs")).isEmpty();
    }

    @Test
    void refusesUnknownMissingOrNonTokenCredentials() {
        fake.scheduleJobFor("linux", FakeControlPlane.jobWithCommands("true"));

        assertThat(probe.get(LIST, "Token not-a-registration-token").statusCode()).isEqualTo(401);
        assertThat(probe.get(LIST, null).statusCode()).isEqualTo(401);
        assertThat(probe.get(LIST, "Bearer linux-registration").statusCode()).isEqualTo(401);
    }

    @Test
    void recordsTheRequestsAsListJobsAndCanFailThem() {
        fake.failNext(Endpoint.LIST_JOBS, 503, 1);

        assertThat(probe.get(LIST, "Token linux-registration").statusCode()).isEqualTo(503);
        assertThat(probe.get(LIST, "Token linux-registration").statusCode()).isEqualTo(200);
        assertThat(fake.requests(Endpoint.LIST_JOBS)).hasSize(2);
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray jobs = new JsonObject(response.body()).getJsonArray("jobs");
        return jobs.stream().map(job -> ((JsonObject) job).getString("id")).toList();
    }
}
