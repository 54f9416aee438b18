package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status-address}: /healthz, /readyz and /metrics of a running {@code outrider start}, and nothing when off. */
class StatusEndpointsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SERVING = Pattern.compile("on http://127\\.0\\.0\\.1:([0-9]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void servesReadinessHealthAndMetricsOfJobsAgainstTheControlPlane() throws Exception {
        try (FakeControlPlane hub = FakeControlPlane.start()) {
            hub.addAgentType("linux", "token-1");
            hub.nextSyncAfter(Duration.ofMillis(200));
            hub.failNext(Endpoint.REGISTER, 500, 4); // the agent retries once a second: not ready for ~4 s
            Path config = Files.writeString(work.resolve("agent.yml"), "endpoint: " + hub.endpoint() + "\n"
                    + "token: token-1\nno-https: true\n");
            Process agent = Installation.start(work, Map.of("OUTRIDER_STATUS_ADDRESS", "127.0.0.1:0",
                            "XDG_DATA_HOME", work.resolve("data").toString()),
                    "start", "--config-file", config.toString(), "--plugins-dir",
                    Installation.copyBundledPlugins(work.resolve("plugins")).toString());
            try {
                String base = "http://127.0.0.1:" + awaitPort();
                hub.await("a registration attempt", h -> !h.requests(Endpoint.REGISTER).isEmpty(), WAIT);
                HttpResponse<String> notReady = get(base + "/readyz");
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(notReady.body()).contains("\"agents\":[\"agent\"]");

                AgentSnapshot registered = hub.awaitRegistered(1, WAIT).get(0);
                awaitAnswer(base + "/readyz", r -> r.statusCode() == 200);
                assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);

                String passed = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo one", "echo two",
                        "cd \"$(mktemp -d)\" && printf 12345 > five.txt && artifact push job five.txt -j metrics-job && artifact pull job five.txt -j metrics-job -d back.txt"));
                assertThat(hub.awaitJobFinished(passed, WAIT)).isEqualTo("passed");
                String failed = hub.scheduleJob(FakeControlPlane.jobWithCommands("false"));
                assertThat(hub.awaitJobFinished(failed, WAIT)).isEqualTo("failed");

                String text = awaitAnswer(base + "/metrics", r -> r.body().contains("result=\"failed\"")).body();
                PrometheusText.Exposition metrics = PrometheusText.parse(text);
                assertThat(metrics.value("outrider_jobs_total{agent_type=\"agent\",result=\"passed\"}")).isEqualTo(1);
                assertThat(metrics.value("outrider_jobs_total{agent_type=\"agent\",result=\"failed\"}")).isEqualTo(1);
                assertThat(metrics.types()).containsEntry("outrider_job_duration_seconds", "histogram")
                        .containsEntry("outrider_step_duration_seconds", "histogram")
                        .containsEntry("outrider_jobs_running", "gauge");
                assertThat(metrics.value("outrider_job_duration_seconds_bucket{agent_type=\"agent\",le=\"+Inf\"}"))
                        .isEqualTo(2);
                assertThat(metrics.value("outrider_job_duration_seconds_count{agent_type=\"agent\"}")).isEqualTo(2);
                assertThat(metrics.value("outrider_step_duration_seconds_count{agent_type=\"agent\",outcome=\"failed\"}"))
                        .isEqualTo(1);
                assertThat(metrics.value("outrider_jobs_running{agent_type=\"agent\"}")).isZero();
                assertThat(metrics.value("outrider_toolbox_transferred_bytes_total{agent_type=\"agent\",command=\"artifact push\"}"))
                        .isEqualTo(5);
                assertThat(metrics.value("outrider_toolbox_transferred_bytes_total{agent_type=\"agent\",command=\"artifact pull\"}"))
                        .isEqualTo(5);
                assertThat(metrics.value("outrider_registrations_total{agent_type=\"agent\"}")).isEqualTo(1);
                assertThat(metrics.value("outrider_log_events_uploaded_total{agent_type=\"agent\"}"))
                        .isEqualTo(hub.events(passed).size() + hub.events(failed).size());
                assertThat(metrics.value("outrider_log_uploaded_bytes_total{agent_type=\"agent\"}")).isPositive();
                assertThat(metrics.samples().keySet()).anyMatch(name -> name.startsWith("jvm_memory_used_bytes"))
                        .anyMatch(name -> name.startsWith("process_cpu_seconds_total"));

                hub.failNext(Endpoint.SYNC, 500, 2);
                HttpResponse<String> unhealthy = awaitAnswer(base + "/healthz", r -> r.statusCode() == 503);
                assertThat(unhealthy.body()).contains("\"agent\":\"" + registered.name() + "\"")
                        .contains("\"failing_since\":\"");
                awaitAnswer(base + "/healthz", r -> r.statusCode() == 200);
                assertThat(PrometheusText.parse(get(base + "/metrics").body())
                        .value("outrider_sync_failures_total{agent_type=\"agent\"}")).isEqualTo(2);

                hub.scheduleShutdown();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(agent.exitValue()).isZero();
            } finally {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    void withoutStatusAddressNothingListensAndNoMetricsClassIsLoaded() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (FakeControlPlane hub = FakeControlPlane.start()) {
            hub.addAgentType("linux", "token-1");
            hub.nextSyncAfter(Duration.ofMillis(200));
            Path config = Files.writeString(work.resolve("agent.yml"), "endpoint: " + hub.endpoint() + "\n"
                    + "token: token-1\nno-https: true\n");
            Process agent = Installation.start(work, Map.of("OUTRIDER_JAVA_OPTS", "-verbose:class"),
                    "start", "--config-file", config.toString(), "--plugins-dir",
                    Installation.copyBundledPlugins(work.resolve("plugins")).toString());
            try {
                hub.awaitRegistered(1, WAIT);
                String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo hi"));
                assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
                assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/metrics"))
                        .isInstanceOf(ConnectException.class);
                hub.scheduleShutdown();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String loaded = Files.readString(work.resolve("stdout.txt"));
                assertThat(loaded).contains("dev.outrider.agent.Agent "); // -verbose:class did list classes
                assertThat(loaded).doesNotContain("io.prometheus").doesNotContain("dev.outrider.status.");
            } finally {
                agent.destroyForcibly();
            }
        }
    }

    private int awaitPort() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String file : new String[] {"stdout.txt", "stderr.txt"}) {
                Path log = work.resolve(file);
                Matcher matcher = SERVING.matcher(Files.exists(log) ? Files.readString(log) : "");
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling the agent log for a condition, with a deadline
        }
        throw new AssertionError("the agent did not say where it serves its status");
    }

    private HttpResponse<String> awaitAnswer(String url, Predicate<HttpResponse<String>> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(url);
            if (condition.test(last)) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a condition, with a deadline
        }
        throw new AssertionError(url + " never answered as expected; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
