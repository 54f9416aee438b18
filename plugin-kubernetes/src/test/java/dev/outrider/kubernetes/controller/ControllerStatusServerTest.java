package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code OUTRIDER_STATUS_ADDRESS}: /healthz, /readyz and /metrics of a controller, through a real HTTP client. */
class ControllerStatusServerTest extends WithControllerRig {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void closeClient() {
        http.close();
    }

    private HttpResponse<String> get(URI url) {
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(ControllerRig.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String path) {
        return get(rig.statusUrl(path));
    }

    private String metrics() {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private void awaitMetric(String sample) {
        rig.await("/metrics has " + sample, () -> metrics().lines().anyMatch(sample::equals));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return new KubernetesSerialization().unmarshal(response.body(), Map.class);
    }

    private ControllerSettings settings(String... nameValues) {
        String[] withAddress = java.util.Arrays.copyOf(nameValues, nameValues.length + 2);
        withAddress[nameValues.length] = "OUTRIDER_STATUS_ADDRESS";
        withAddress[nameValues.length + 1] = "127.0.0.1:0";
        return rig.settings(withAddress);
    }

    @Test
    void isHealthyAndReadyOnceATickReadTheCluster() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.start(settings());
        rig.awaitTicks(1);

        HttpResponse<String> health = get("/healthz");
        HttpResponse<String> ready = get("/readyz");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health)).containsEntry("status", "ok").containsEntry("last_tick", rig.clock.instant()
                .toString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).containsEntry("status", "ready");
    }

    @Test
    void countsAgentJobsByAgentTypeAndStateAndWhatTheControllerCreatedAndDeleted() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.agentType("mac-agents", "mac", "mac-token");
        rig.start(settings("KEEP_FAILED_JOBS_FOR", "1d", "MAX_PARALLEL_JOBS", "7"));
        String running = rig.queue("linux");
        String failing = rig.queue("linux");
        String completing = rig.queue("mac");
        for (String jobId : List.of(running, failing, completing)) {
            rig.awaitJob(jobId);
            rig.hub.stopJob(jobId); // off the queue, as when the agent takes it: the controller makes no second Job
        }

        awaitMetric("outrider_controller_agent_jobs{agent_type=\"linux\",state=\"starting\"} 2");
        awaitMetric("outrider_controller_agent_jobs_created_total{agent_type=\"linux\"} 2");
        awaitMetric("outrider_controller_agent_jobs_created_total{agent_type=\"mac\"} 1");

        rig.ready(running);
        rig.ready(failing);
        rig.finish(failing, false, rig.clock.instant());
        rig.ready(completing);
        rig.finish(completing, true, rig.clock.instant());
        awaitMetric("outrider_controller_agent_jobs_deleted_total{agent_type=\"mac\",reason=\"completed\"} 1");
        rig.awaitTicks(2);

        String metrics = metrics();
        assertThat(rig.job(completing)).isNull();
        assertThat(metrics.lines()).contains(
                "outrider_controller_agent_jobs{agent_type=\"linux\",state=\"running\"} 1",
                "outrider_controller_agent_jobs{agent_type=\"linux\",state=\"failed\"} 1",
                "outrider_controller_agent_jobs{agent_type=\"linux\",state=\"starting\"} 0",
                "outrider_controller_agent_jobs{agent_type=\"mac\",state=\"starting\"} 0",
                "outrider_controller_agent_jobs{agent_type=\"mac\",state=\"succeeded\"} 0",
                "outrider_controller_agent_jobs_deleted_total{agent_type=\"linux\",reason=\"failed\"} 0",
                "outrider_controller_queue_polls_failed_total{agent_type=\"linux\"} 0",
                "outrider_controller_ticks_failed_total 0",
                "outrider_controller_max_parallel_jobs 7",
                "# TYPE outrider_controller_agent_jobs gauge",
                "# TYPE outrider_controller_agent_jobs_created_total counter");
        assertThat(metrics).doesNotContain("linux-token", "mac-token");
    }

    @Test
    void countsAJobDeletedForNotStartingInTime() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.start(settings("JOB_START_TIMEOUT", "1m"));
        String jobId = rig.queue("linux");
        rig.awaitJob(jobId);
        rig.hub.stopJob(jobId);

        rig.clock.advance(Duration.ofMinutes(2));

        rig.awaitNoJob(jobId);
        awaitMetric("outrider_controller_agent_jobs_deleted_total{agent_type=\"linux\",reason=\"start_timeout\"} 1");
    }

    @Test
    void countsFailedQueuePollsByAgentType() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.secret("stale-agents", Map.of("agentTypeName", "stale", "registrationToken", "stale-token"));
        rig.start(settings());
        rig.awaitTicks(2);

        String metrics = metrics();

        assertThat(metrics.lines()).contains("outrider_controller_queue_polls_failed_total{agent_type=\"linux\"} 0")
                .anyMatch(line -> line.matches("outrider_controller_queue_polls_failed_total\\{agent_type=\"stale\"}"
                        + " [1-9][0-9]*"));
        assertThat(metrics).doesNotContain("stale-token");
    }

    @Test
    void isUnhealthyNamingTheProblemAndSinceWhenWhileTheClusterRefusesToListJobs() {
        rig.start(settings());
        rig.clock.advance(Duration.ofMinutes(1));
        String failingSince = rig.clock.instant().toString();
        rig.awaitTicks(2);
        String lastTick = metrics().lines()
                .filter(line -> line.startsWith("outrider_controller_last_successful_tick_timestamp_seconds "))
                .findFirst().orElseThrow();
        assertThat(lastTick).endsWith(" " + java.math.BigDecimal.valueOf(rig.clock.instant().toEpochMilli(), 3)
                .stripTrailingZeros().toPlainString());

        rig.refuseToListJobs(true);
        rig.await("/healthz answers 503", () -> get("/healthz").statusCode() == 503);
        rig.clock.advance(Duration.ofMinutes(1));
        rig.awaitTicks(1);

        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health)).containsEntry("status", "unable to read the cluster")
                .containsEntry("failing_since", failingSince);
        assertThat((String) json(health).get("problem")).startsWith("Kubernetes API: jobs.batch is forbidden")
                .contains("the controller's service account needs, in namespace 'ci'");
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(metrics().lines()).contains(lastTick)
                .noneMatch(line -> line.equals("outrider_controller_ticks_failed_total 0"));

        rig.refuseToListJobs(false);
        rig.await("/healthz answers 200 again", () -> get("/healthz").statusCode() == 200);
    }

    @Test
    void isAliveButNotReadyBeforeTheFirstTick() {
        try (StatusServer server = StatusServer.start(new StatusAddress("127.0.0.1", 0), new ControllerStatus(10))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());

            HttpResponse<String> health = get(base.resolve("/healthz"));
            HttpResponse<String> ready = get(base.resolve("/readyz"));
            HttpResponse<String> metrics = get(base.resolve("/metrics"));

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health)).containsEntry("status", "starting");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready)).containsEntry("status", "no tick has read the cluster yet");
            assertThat(metrics.headers().firstValue("Content-Type")).contains(ControllerMetrics.CONTENT_TYPE);
            assertThat(metrics.body().lines()).contains(
                    "outrider_controller_last_successful_tick_timestamp_seconds 0",
                    "outrider_controller_max_parallel_jobs 10");
            assertThat(get(base.resolve("/other")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void answersOnlyGetAndHead() throws Exception {
        try (StatusServer server = StatusServer.start(new StatusAddress("127.0.0.1", 0), new ControllerStatus(10))) {
            URI health = URI.create("http://127.0.0.1:" + server.port() + "/healthz");

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(health)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(health)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }
}
