package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hubs that misbehave: answers the CLI refuses, and no hub at all. */
class HubFaultsTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(10));

    @TempDir
    Path work;

    private final CapturedOutput output = new CapturedOutput();

    private int run(String organizationUrl, String... args) throws Exception {
        ToolboxCall call = new ToolboxCall("artifact", List.of(args), work.toString(),
                Map.of("SEMAPHORE_JOB_ID", "j", "SEMAPHORE_ARTIFACT_TOKEN", "t", "SEMAPHORE_ORGANIZATION_URL",
                        organizationUrl), new LocalJobFiles(), output, InputStream::nullInputStream,
                new CallContext("j", Optional.empty()));
        return new ArtifactCommand(ignored -> {
            throw new IllegalStateException("no store expected");
        }, FAST, FAST, Clock.systemUTC()).run(call);
    }

    /** A hub that always answers {@code body}, counting the requests. */
    private static HttpServer hub(String body, AtomicInteger requests) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/api/v1/artifacts", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] reply = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aPushWithTheWrongNumberOfUrlsFailsBeforeUploading() throws Exception {
        Files.writeString(work.resolve("a.txt"), "a");
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = hub("{\"urls\":[{\"url\":\"http://127.0.0.1:1/x\",\"method\":\"PUT\"}]}", requests);
        try {
            assertThat(run(url(server), "push", "job", "a.txt")).isEqualTo(1);
            assertThat(output.err().get(0)).endsWith("] Error pushing artifact: bad number of signed URLs (1) for "
                    + "non-forceful push - should be 2");
            assertThat(run(url(server), "push", "job", "a.txt", "--force")).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPullOfAUrlOnAnUnknownHostFails() throws Exception {
        HttpServer server = hub("{\"urls\":[{\"url\":\"http://minio:9000/bucket/p/artifacts/jobs/j/a.txt?s=1\","
                + "\"method\":\"GET\"}]}", new AtomicInteger());
        try {
            assertThat(run(url(server), "pull", "job", "a.txt")).isEqualTo(1);
            assertThat(output.err()).hasSize(2);
            assertThat(output.err().get(0)).endsWith("] Error pulling artifact: unrecognized host minio:9000");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aHubThatDoesNotAnswerIsTriedFiveTimes() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThat(run("http://127.0.0.1:" + port + "/ignored", "yank", "job", "a.txt")).isEqualTo(1);

        assertThat(output.err().get(0)).endsWith("] Error yanking artifact: request did not return a non-5xx response: "
                + "POST http://127.0.0.1:" + port + "/api/v1/artifacts giving up after 5 attempt(s): Post \"http://127.0.0.1:"
                + port + "/api/v1/artifacts\": connection refused");
        assertThat(output.err().get(1)).endsWith("] Please check if the artifact you are trying to yank exists.");
    }
}
