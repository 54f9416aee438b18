package dev.outrider.protocol;

import dev.outrider.testkit.TestCertificates;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP(S) server on 127.0.0.1 whose answers a test scripts, recording every request it got
 * (method, path, headers, body) before answering.
 */
final class ScriptedServer implements AutoCloseable {

    /** A request as the server received it. */
    record Received(String method, String uri, MultiMap headers, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final boolean https;

    private ScriptedServer(HttpServer server, boolean https) {
        this.server = server;
        this.https = https;
    }

    /** Plain HTTP. */
    static ScriptedServer http(Vertx vertx, Handler<HttpServerRequest> answer) {
        return start(vertx, new HttpServerOptions(), answer, false);
    }

    /** HTTPS with the test CA's server certificate. */
    static ScriptedServer https(Vertx vertx, TestCertificates certificates, Handler<HttpServerRequest> answer) {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certificates.serverCertPem().toString())
                .setKeyPath(certificates.serverKeyPem().toString()));
        return start(vertx, options, answer, true);
    }

    private static ScriptedServer start(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> answer,
                                        boolean https) {
        HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0));
        ScriptedServer scripted = new ScriptedServer(server, https);
        server.requestHandler(request -> request.body().onSuccess(body -> {
            scripted.received.add(new Received(request.method().name(), request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString()));
            answer.handle(request);
        }));
        server.listen().await();
        return scripted;
    }

    int port() {
        return server.actualPort();
    }

    /** @return host:port, as the endpoint key gives it */
    String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** @return scheme://127.0.0.1:port */
    String origin() {
        return (https ? "https://" : "http://") + endpoint();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Optional<Received> last() {
        List<Received> all = received();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public void close() {
        server.close().await();
    }
}
