package dev.outrider.kubernetes.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code outrider controller}'s {@code /healthz}, {@code /readyz} and {@code /metrics} when
 * {@code OUTRIDER_STATUS_ADDRESS} is set, on the JDK's HTTP server (the plugin cannot use the core's
 * Vert.x). Healthy while the last tick could read the cluster; ready once a tick did.
 */
final class StatusServer implements AutoCloseable {

    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving; returns once the port is bound.
     *
     * @throws ControllerSettingsException naming the address when it cannot be bound
     */
    static StatusServer start(StatusAddress address, ControllerStatus status) {
        Objects.requireNonNull(status, "status");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 0);
        } catch (IOException | RuntimeException e) {
            throw new ControllerSettingsException("OUTRIDER_STATUS_ADDRESS " + address + ": cannot serve there ("
                    + e.getMessage() + "); give a free host:port, or leave it unset");
        }
        KubernetesSerialization json = new KubernetesSerialization();
        server.createContext("/", exchange -> answer(exchange, status, json));
        server.start();
        return new StatusServer(server);
    }

    /** @return the port the server listens on (the one bound for port 0) */
    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, ControllerStatus status, KubernetesSerialization json)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            ControllerStatus.Snapshot snapshot = status.snapshot();
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> probe(exchange, json, health(snapshot));
                case "/readyz" -> probe(exchange, json, readiness(snapshot));
                case "/metrics" -> send(exchange, 200, ControllerMetrics.CONTENT_TYPE,
                        ControllerMetrics.render(snapshot));
                default -> send(exchange, 404, "text/plain; charset=utf-8",
                        "not found; try /healthz, /readyz or /metrics\n");
            }
        }
    }

    private record Probe(boolean ok, Map<String, Object> body) {
    }

    private static Probe health(ControllerStatus.Snapshot status) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (status.failure().isPresent()) {
            body.put("status", "unable to read the cluster");
            body.put("failing_since", status.failure().get().since().toString());
            body.put("problem", status.failure().get().problem());
            return new Probe(false, body);
        }
        body.put("status", status.lastSuccess().isPresent() ? "ok" : "starting");
        status.lastSuccess().ifPresent(at -> body.put("last_tick", at.toString()));
        return new Probe(true, body);
    }

    private static Probe readiness(ControllerStatus.Snapshot status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.firstSuccess().isPresent() ? "ready" : "no tick has read the cluster yet");
        return new Probe(status.firstSuccess().isPresent(), body);
    }

    private static void probe(HttpExchange exchange, KubernetesSerialization json, Probe probe) throws IOException {
        send(exchange, probe.ok() ? 200 : 503, "application/json", json.asJson(probe.body()) + "\n");
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving at once (a probe under way is cut off). */
    @Override
    public void close() {
        server.stop(0);
    }
}
