package dev.outrider.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.testkit.TestCertificates;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirects answered to the agent's calls: the token never leaves the origin it was given for,
 * and https never becomes plain http; redirects within the origin still work, as in Go's client.
 */
class RedirectCredentialsTest {

    private static final String SECRET = "s3cr3t-access-token";
    private static final String CONTINUE = "{\"action\":\"continue\"}";
    private static final String API = "/api/v1/self_hosted_agents";

    @TempDir
    static Path folder;

    private static Vertx vertx;
    private static TestCertificates certificates;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        certificates = TestCertificates.generate(folder.resolve("tls"));
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    private static SemaphoreApi api(HttpTransport transport, ScriptedServer server, boolean https) {
        return new SemaphoreApi(transport, server.endpoint(), https, "v9.9.9");
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static SyncRequest idle() {
        return new SyncRequest("waiting-for-jobs", "", "", 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectToAnotherPortGetsNoAuthorization(int status) throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer thief = ScriptedServer.http(vertx, request -> request.response().end(CONTINUE));
             ScriptedServer endpoint = ScriptedServer.http(vertx, request -> request.response().setStatusCode(status)
                     .putHeader("Location", thief.origin() + "/steal").end())) {

            SyncResponse answer = await(api(transport, endpoint, false).sync(SECRET, idle()));

            assertThat(answer.action()).isEqualTo("continue");
            assertThat(endpoint.received()).singleElement()
                    .satisfies(got -> assertThat(got.headers().get("Authorization")).isEqualTo("Token " + SECRET));
            assertThat(thief.received()).singleElement().satisfies(got -> {
                assertThat(got.uri()).isEqualTo("/steal");
                assertThat(got.headers().contains("Authorization")).isFalse();
                assertThat(got.headers().get("User-Agent")).isEqualTo("SemaphoreAgent/v9.9.9");
            });
        }
    }

    @Test
    void aLogPushRedirectedToAnotherOriginLosesItsBearerToken() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer thief = ScriptedServer.http(vertx, request -> request.response().end());
             ScriptedServer logs = ScriptedServer.http(vertx, request -> request.response().setStatusCode(307)
                     .putHeader("Location", thief.origin() + "/steal").end())) {

            int status = await(new LogPushClient(transport, "v9.9.9").push(logs.origin() + "/logs/1", SECRET, 0,
                    io.vertx.core.buffer.Buffer.buffer("{}\n")));

            assertThat(status).isEqualTo(200);
            assertThat(thief.received()).singleElement().satisfies(got -> {
                assertThat(got.headers().contains("Authorization")).isFalse();
                assertThat(got.body()).isEqualTo("{}\n");
            });
        }
    }

    @Test
    void aRedirectWithinTheOriginKeepsTheTokenAsGoDoes() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer endpoint = ScriptedServer.http(vertx, request -> {
                 if (request.path().endsWith("/sync")) {
                     request.response().setStatusCode(307).putHeader("Location", API + "/moved").end();
                 } else {
                     request.response().end(CONTINUE);
                 }
             })) {

            SyncResponse answer = await(api(transport, endpoint, false).sync(SECRET, idle()));

            assertThat(answer.action()).isEqualTo("continue");
            assertThat(endpoint.received()).hasSize(2).allSatisfy(got -> {
                assertThat(got.method()).isEqualTo("POST");
                assertThat(got.headers().get("Authorization")).isEqualTo("Token " + SECRET);
                assertThat(got.body()).contains("waiting-for-jobs");
            });
        }
    }

    @Test
    void a303TurnsThePostIntoAGetWithoutBodyAsGoDoes() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer endpoint = ScriptedServer.http(vertx, request -> {
                 if (request.path().endsWith("/sync")) {
                     request.response().setStatusCode(303).putHeader("Location", "see-other").end();
                 } else {
                     request.response().end(CONTINUE);
                 }
             })) {

            await(api(transport, endpoint, false).sync(SECRET, idle()));

            assertThat(endpoint.last()).hasValueSatisfying(got -> {
                assertThat(got.method()).isEqualTo("GET");
                assertThat(got.uri()).isEqualTo(API + "/see-other");
                assertThat(got.body()).isEmpty();
                assertThat(got.headers().get("Authorization")).isEqualTo("Token " + SECRET);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectFromHttpsToPlainHttpIsRefused(int status) throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.of(certificates.caPem()), ProxySettings.NONE);
             ScriptedServer plain = ScriptedServer.http(vertx, request -> request.response().end(CONTINUE));
             ScriptedServer endpoint = ScriptedServer.https(vertx, certificates, request -> request.response()
                     .setStatusCode(status).putHeader("Location", plain.origin() + API + "/sync").end())) {

            assertThatThrownBy(() -> await(api(transport, endpoint, true).sync(SECRET, idle())))
                    .hasCauseInstanceOf(ApiException.class)
                    .cause().hasMessageContaining("redirecting from https to plain http (" + plain.origin() + ")")
                    .hasMessageNotContaining(SECRET);
            assertThat(plain.received()).isEmpty();
            assertThat(endpoint.received()).hasSize(1);
        }
    }

    @Test
    void aRedirectLoopStopsAfterTenRedirects() throws Exception {
        try (HttpTransport transport = HttpTransport.create(vertx, Optional.empty(), ProxySettings.NONE);
             ScriptedServer endpoint = ScriptedServer.http(vertx, request -> request.response().setStatusCode(302)
                     .putHeader("Location", request.path()).end())) {

            assertThatThrownBy(() -> await(api(transport, endpoint, false).disconnect(SECRET)))
                    .cause().hasMessageContaining("stopped after 10 redirects");
            assertThat(endpoint.received()).hasSize(11);
        }
    }
}
