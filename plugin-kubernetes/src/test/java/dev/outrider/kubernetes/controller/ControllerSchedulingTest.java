package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** When the controller polls and how many agent Jobs it makes. */
class ControllerSchedulingTest extends WithControllerRig {

    @Test
    void pollsEveryTenSecondsByDefault() {
        assertThat(ControllerSettings.fromEnvironment(rig.environment()).pollInterval())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void pollsEachTypesQueueOncePerIntervalWithItsRegistrationToken() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.agentType("mac-agents", "mac", "mac-token");
        Duration interval = Duration.ofMillis(400);
        rig.start(rig.settings().withPollInterval(interval));

        rig.hub.await("four polls per type", hub -> hub.requests(Endpoint.LIST_JOBS).size() >= 8,
                ControllerRig.TIMEOUT);

        List<RecordedRequest> polls = rig.hub.requests(Endpoint.LIST_JOBS);
        for (String token : List.of("Token linux-token", "Token mac-token")) {
            List<Instant> times = polls.stream().filter(r -> r.headers().get("authorization").contains(token))
                    .map(RecordedRequest::receivedAt).toList();
            assertThat(times).hasSizeGreaterThanOrEqualTo(3);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).isGreaterThanOrEqualTo(interval);
            }
        }
    }

    @Test
    void picksUpAJobQueuedWhileItRuns() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.start(rig.settings());
        rig.awaitTicks(2);

        String jobId = rig.queue("linux");

        assertThat(rig.awaitJob(jobId).getMetadata().getLabels()).containsEntry("semaphoreci.com/agent-type", "linux");
        assertThat(rig.log.containing("created agent Job semaphore-agent-" + jobId)).hasSize(1);
    }

    @Test
    void createsOneJobPerQueuedJobHoweverOftenItIsListed() {
        rig.agentType("linux-agents", "linux", "linux-token");
        String jobId = rig.queue("linux");
        rig.start(rig.settings());
        rig.awaitJob(jobId);

        rig.awaitTicks(3);

        assertThat(rig.jobs()).hasSize(1);
        assertThat(rig.log.containing("created agent Job")).hasSize(1);
    }

    @Test
    void staysWithinMaxParallelJobsOverAllTypesAndStopsPollingWhenFull() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.agentType("mac-agents", "mac", "mac-token");
        List<String> linux = List.of(rig.queue("linux"), rig.queue("linux"), rig.queue("linux"));
        String mac = rig.queue("mac");
        rig.start(rig.settings("MAX_PARALLEL_JOBS", "3"));

        rig.await("three agent Jobs", () -> rig.jobs().size() == 3);
        rig.awaitTicks(2);
        int polls = rig.hub.requests(Endpoint.LIST_JOBS).size();
        rig.awaitTicks(2);

        assertThat(rig.jobs()).hasSize(3);
        // the types take turns: the mac job is not starved by the longer linux queue
        assertThat(rig.job(mac)).isNotNull();
        assertThat(rig.hub.requests(Endpoint.LIST_JOBS)).hasSize(polls);
        assertThat(rig.log.containing("MAX_PARALLEL_JOBS")).hasSize(1);

        String finished = linux.stream().filter(id -> rig.job(id) != null).findFirst().orElseThrow();
        rig.hub.stopJob(finished); // no longer queued, as when its agent took it
        rig.finish(finished, true, rig.clock.instant());

        rig.await("the finished Job gone and the waiting linux job's agent created", () -> rig.job(finished) == null
                && linux.stream().filter(id -> !id.equals(finished)).allMatch(id -> rig.job(id) != null));
        assertThat(rig.jobs()).hasSize(3);
    }

    @Test
    void staysWithinTheCapOfEachTypeFromTheEnvironmentOrTheTypesSecret() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.agentType("mac-agents", "mac", "mac-token", "maxParallelJobs", "1");
        List<String> linux = List.of(rig.queue("linux"), rig.queue("linux"), rig.queue("linux"));
        List<String> mac = List.of(rig.queue("mac"), rig.queue("mac"));
        rig.start(rig.settings("MAX_PARALLEL_JOBS_PER_TYPE", "2"));

        rig.await("three agent Jobs", () -> rig.jobs().size() == 3);
        rig.awaitTicks(2);

        List<Job> jobs = rig.jobs();
        assertThat(jobs).hasSize(3);
        assertThat(jobs).filteredOn(job -> job.getMetadata().getLabels().get("semaphoreci.com/agent-type")
                .equals("linux")).hasSize(2);
        assertThat(rig.job(mac.get(0))).isNotNull();
        assertThat(rig.job(mac.get(1))).isNull();
        assertThat(rig.job(linux.get(2))).isNull();
    }

    @Test
    void pollsTheQueueThroughTheProxy() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofPlatform().daemon().start(() -> answerAsTheQueue(proxy, requests, "0b5c7e3e-1f0a-4f6e"));
            rig.agentType("linux-agents", "linux", "linux-token");
            Map<String, String> env = rig.environment("SEMAPHORE_ENDPOINT", "semaphore.invalid:8080",
                    "HTTP_PROXY", "127.0.0.1:" + proxy.getLocalPort());

            rig.start(ControllerSettings.fromEnvironment(env).withPollInterval(ControllerRig.POLL),
                    EnvironmentProxies.fromEnvironment(env));
            rig.awaitJob("0b5c7e3e-1f0a-4f6e");

            assertThat(requests.getFirst())
                    .isEqualTo("GET http://semaphore.invalid:8080/api/v1/self_hosted_agents/jobs HTTP/1.1");
        }
    }

    /** A proxy that answers every request itself with one queued job, recording the request lines. */
    private static void answerAsTheQueue(ServerSocket proxy, List<String> requests, String jobId) {
        byte[] body = ("{\"jobs\":[{\"id\":\"" + jobId + "\"}]}").getBytes(StandardCharsets.UTF_8);
        while (!proxy.isClosed()) {
            try (Socket connection = proxy.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                requests.add(in.readLine());
                String header;
                do {
                    header = in.readLine();
                } while (header != null && !header.isEmpty());
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                return; // closed by the test
            }
        }
    }
}
