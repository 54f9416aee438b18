package dev.outrider.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.testkit.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers too large, endless, compressed into bombs or too slow fail the one call they answer,
 * with an error naming the limit, while other calls on the same event loop go on.
 */
class AnswerLimitsTest {

    private static final String TOKEN = "access-token";
    private static final Buffer MEBIBYTE_OF_SPACES = Buffer.buffer(" ".repeat(1024 * 1024));

    @TempDir
    static Path folder;

    private static Vertx vertx;
    private static byte[] bombOf100MiB;

    @BeforeAll
    static void start() throws IOException {
        // one event loop, as the agents of one process share theirs
        vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
        bombOf100MiB = gzip(new byte[1024 * 1024], 100);
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    private static byte[] gzip(byte[] block, int times) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < times; i++) {
                out.write(block);
            }
        }
        return bytes.toByteArray();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static SemaphoreApi api(HttpTransport transport, ScriptedServer server) {
        return new SemaphoreApi(transport, server.endpoint(), false, "v9.9.9");
    }

    private static RegisterRequest registration() {
        return new RegisterRequest("agent-name-1", "v9.9.9", 1, "linux", "x86_64", "host", false, 0, 0, "");
    }

    /** Writes a MiB at a time while the client reads, until it goes away. */
    private static void endless(HttpServerResponse response) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.write(MEBIBYTE_OF_SPACES).onComplete(written -> {
            if (written.succeeded()) {
                endless(response);
            }
        });
    }

    @Test
    void anEndlessRegisterAnswerFailsAtOneMebibyte() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer server = ScriptedServer.http(vertx, request -> endless(request.response().setChunked(true)))) {

            assertThatThrownBy(() -> await(api(transport, server).register(TOKEN, registration())))
                    .cause().isInstanceOf(ApiException.class)
                    .hasMessageContaining("POST http://" + server.endpoint() + "/api/v1/self_hosted_agents/register failed:"
                            + " the answer's body is larger than 1 MiB (after decompression), the limit for this call");
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitFailsWithoutReadingTheBody() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer server = ScriptedServer.http(vertx, request -> {
                 HttpServerResponse response = request.response().putHeader("Content-Length", "1073741824");
                 endless(response);
             })) {

            assertThatThrownBy(() -> await(api(transport, server).sync(TOKEN, new SyncRequest("waiting-for-jobs", "",
                    "", 0)))).cause().hasMessageContaining("larger than 1 MiB");
        }
    }

    @Test
    void aGzipBombFailsEveryCallAtItsLimitIncludingTheJobRequestAt64MiB() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer server = ScriptedServer.http(vertx, request -> request.response()
                     .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(bombOf100MiB)))) {
            SemaphoreApi api = api(transport, server);

            assertThatThrownBy(() -> await(api.register(TOKEN, registration())))
                    .cause().hasMessageContaining("larger than 1 MiB (after decompression)");
            assertThatThrownBy(() -> await(api.refreshLogToken(TOKEN)))
                    .cause().hasMessageContaining("larger than 1 MiB (after decompression)");
            assertThatThrownBy(() -> await(api.job(TOKEN, "job-1")))
                    .cause().hasMessageContaining("GET http://" + server.endpoint()
                            + "/api/v1/self_hosted_agents/jobs/job-1 failed: the answer's body is larger than 64 MiB");
            assertThat(server.received()).allSatisfy(got ->
                    assertThat(got.headers().get("Accept-Encoding")).isEqualTo("gzip"));
        }
    }

    @Test
    void aGzipJobRequestOverOneMebibyteWithinTheLimitIsInflated() throws Exception {
        String job = "{\"commands\":[" + "\"echo hello\",".repeat(300_000) + "\"true\"]}";
        byte[] compressed = gzip(job.getBytes(StandardCharsets.UTF_8), 1);
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer server = ScriptedServer.http(vertx, request -> request.response()
                     .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(compressed)))) {

            assertThat(job.length()).isGreaterThan(3 * 1024 * 1024);
            assertThat(await(api(transport, server).job(TOKEN, "job-1"))).isEqualTo(job);
        }
    }

    @Test
    void anAnswerTricklingInFailsAtTheDeadlineForTheWholeCall() throws Exception {
        Duration deadline = Duration.ofSeconds(2);
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE, deadline);
             ScriptedServer server = ScriptedServer.http(vertx, request -> {
                 HttpServerResponse response = request.response().setChunked(true);
                 vertx.setPeriodic(100, id -> {
                     if (response.closed()) {
                         vertx.cancelTimer(id);
                     } else {
                         response.write(" ");
                     }
                 });
             })) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> await(api(transport, server).sync(TOKEN, new SyncRequest("waiting-for-jobs", "",
                    "", 0)))).cause().hasMessageContaining("failed: no complete answer within 2 s, the deadline for"
                            + " one call (redirects and the whole body included)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void otherCallsOnTheSameEventLoopCompleteWhileBadAnswersArrive() throws Exception {
        String continueJson = "{\"action\":\"continue\"}";
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer good = ScriptedServer.http(vertx, request -> request.response().end(continueJson));
             ScriptedServer bomb = ScriptedServer.http(vertx, request -> request.response()
                     .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(bombOf100MiB)));
             ScriptedServer flood = ScriptedServer.http(vertx, request -> endless(request.response().setChunked(true)))) {
            List<Future<?>> bad = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                bad.add(api(transport, bomb).job(TOKEN, "job-" + i));
                bad.add(api(transport, flood).job(TOKEN, "job-" + i));
            }
            List<Future<SyncResponse>> syncs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                syncs.add(api(transport, good).sync(TOKEN, new SyncRequest("waiting-for-jobs", "", "", 0)));
            }

            for (Future<SyncResponse> sync : syncs) {
                assertThat(await(sync).action()).isEqualTo("continue");
            }
            for (Future<?> call : bad) {
                assertThatThrownBy(() -> await(call)).cause().hasMessageContaining("larger than 64 MiB");
            }
        }
    }

    @Test
    void aRegisterAnswerWithoutATokenIsAFailedRegistration() throws Exception {
        for (String body : List.of("{\"name\":\"agent-1\"}", "{\"name\":\"agent-1\",\"token\":\"\"}",
                "{\"name\":\"agent-1\",\"token\":null}", "{}", "{\"name\":\"agent-1\",\"token\":\"  \"}")) {
            try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
                 ScriptedServer server = ScriptedServer.http(vertx, request -> request.response().end(body))) {

                assertThatThrownBy(() -> await(api(transport, server).register(TOKEN, registration())))
                        .as(body).cause().isInstanceOf(ApiException.class)
                        .hasMessageContaining("/register answered HTTP 200 without an access token");
            }
        }
    }

    @Test
    void anHttpsEndpointAnsweringPlainHttpGetsOneClearLine() throws Exception {
        TestCertificates certificates = TestCertificates.generate(folder.resolve("tls"));
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.of(certificates.caPem()), ProxySettings.NONE);
             ScriptedServer plain = ScriptedServer.http(vertx, request -> request.response().end("{}"))) {

            assertThatThrownBy(() -> await(new SemaphoreApi(transport, plain.endpoint(), true, "v9.9.9")
                    .register(TOKEN, registration())))
                    .cause().hasMessage("POST https://" + plain.endpoint() + "/api/v1/self_hosted_agents/register"
                            + " failed: the endpoint answered plain HTTP to a TLS handshake; use no-https if the"
                            + " control plane serves plain http on that port, or give the port of its https");
        }
    }
}
