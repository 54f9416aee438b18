package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeControlPlane;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane behind an HTTP proxy named by HTTP_PROXY, as Semaphore's agent honours it: the
 * agent reaches a host it cannot resolve itself only through the proxy (which forwards to the fake
 * control plane on 127.0.0.1), while loopback URLs (the job's log URL) go direct.
 */
class ProxyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void controlPlaneCallsGoThroughTheEnvironmentsProxy() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<String> proxied = new CopyOnWriteArrayList<>();
        try (FakeControlPlane hub = FakeControlPlane.start()) {
            hub.addAgentType("linux", "proxy-token");
            hub.nextSyncAfter(Duration.ofMillis(200));
            HttpClient forward = vertx.createHttpClient();
            HttpServer proxy = vertx.createHttpServer().requestHandler(request -> {
                proxied.add(request.method() + " " + request.uri());
                URI target = URI.create(request.uri());
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers())
                        .remove("Proxy-Connection").remove("Connection");
                request.body()
                        .compose(body -> forward.request(new RequestOptions().setMethod(request.method())
                                        .setHost("127.0.0.1").setPort(target.getPort()).setHeaders(headers)
                                        .setURI(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())))
                                .compose(upstream -> upstream.send(body)))
                        .compose(response -> response.body().map(content -> {
                            request.response().setStatusCode(response.statusCode()).end(content);
                            return null;
                        }))
                        .onFailure(error -> request.response().setStatusCode(502).end(String.valueOf(error)));
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            Process agent = Installation.start(work, Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.actualPort()),
                    "start", "--endpoint", "control-plane.invalid:" + hub.port(), "--token", "proxy-token", "--no-https");
            try {
                hub.awaitRegistered(1, WAIT);
                String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo through the proxy"));
                assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
                assertThat(proxied).contains("POST http://control-plane.invalid:" + hub.port()
                        + "/api/v1/self_hosted_agents/register");
                assertThat(proxied).anyMatch(line -> line.startsWith("GET http://control-plane.invalid:" + hub.port()
                        + "/api/v1/self_hosted_agents/jobs/" + job));
                assertThat(proxied).noneMatch(line -> line.contains("/api/v1/logs/"));
                assertThat(String.join("\n", hub.events(job))).contains("through the proxy");
            } finally {
                agent.destroyForcibly();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
