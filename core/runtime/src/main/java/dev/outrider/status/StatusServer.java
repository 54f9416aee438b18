package dev.outrider.status;

import dev.outrider.config.StatusAddress;
import dev.outrider.event.EventAddresses;
import dev.outrider.spi.OutriderEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators see of {@code outrider start} when {@code status-address} is set: {@code /healthz},
 * {@code /readyz} and {@code /metrics} on a Vert.x HTTP server, fed by the events on the bus. Built
 * only when the key is set, so that otherwise neither the server nor the metrics library is loaded.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final MessageConsumer<OutriderEvent> consumer;

    private StatusServer(HttpServer server, MessageConsumer<OutriderEvent> consumer) {
        this.server = server;
        this.consumer = consumer;
    }

    /**
     * Subscribes to the bus and starts serving; returns once the port is bound.
     *
     * @param vertx   the core's Vert.x
     * @param address where to listen
     * @param labels  the labels of every agent this process runs
     * @param metrics what {@code /metrics} serves (made by the caller, so that the metrics library
     *                is loaded only when the status server runs)
     * @param clock   for the probes' bodies
     * @return the running server
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static StatusServer start(Vertx vertx, StatusAddress address, List<String> labels, Metrics metrics,
                                     Clock clock) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(metrics, "metrics");
        HealthState health = new HealthState(labels);
        MessageConsumer<OutriderEvent> consumer = vertx.eventBus().localConsumer(EventAddresses.EVENTS, message -> {
            health.on(message.body());
            metrics.on(message.body());
        });
        HttpServer server = vertx.createHttpServer().requestHandler(request -> answer(request, health, metrics, clock));
        try {
            await(consumer.completion());
            await(server.listen(address.port(), address.host()));
        } catch (IllegalStateException e) {
            consumer.unregister();
            throw new IllegalStateException("status-address " + address + ": cannot serve there: " + e.getMessage()
                    + " (give a free host:port, or leave status-address out)", e);
        }
        LOG.info("Serving /healthz, /readyz and /metrics on http://{}:{}", address.host(), server.actualPort());
        return new StatusServer(server, consumer);
    }

    /** @return the port the server listens on */
    public int port() {
        return server.actualPort();
    }

    private static void answer(HttpServerRequest request, HealthState health, Metrics metrics, Clock clock) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET").end();
            return;
        }
        switch (request.path()) {
            case "/healthz" -> probe(request, health.health());
            case "/readyz" -> probe(request, health.readiness(clock.instant()));
            case "/metrics" -> request.response().putHeader("Content-Type", metrics.contentType())
                    .end(Buffer.buffer(metrics.scrape()));
            default -> request.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("not found; try /healthz, /readyz or /metrics\n");
        }
    }

    private static void probe(HttpServerRequest request, HealthState.Probe probe) {
        request.response().setStatusCode(probe.ok() ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(probe.body().encode() + "\n");
    }

    /** Stops serving and listening to the bus. */
    @Override
    public void close() {
        try {
            await(consumer.unregister());
            await(server.close());
        } catch (IllegalStateException e) {
            LOG.warn("Could not stop the status server: {}", e.getMessage());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within 30 s", e);
        }
    }
}
