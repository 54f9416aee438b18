package dev.outrider.testkit;

import dev.outrider.testkit.ControlPlaneState.Reply;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP side of the fake control plane: reads requests, records them, injects faults and hands the
 * decisions to {@link ControlPlaneState}. Handlers only take the state's lock briefly, never block otherwise.
 */
final class ControlPlaneRoutes {

    private static final long BODY_LIMIT = 256L * 1024 * 1024;
    private static final String BODY_TEXT = "outrider.body-text";

    private final ControlPlaneState state;

    private ControlPlaneRoutes(ControlPlaneState state) {
        this.state = state;
    }

    static Router router(Vertx vertx, ControlPlaneState state) {
        return new ControlPlaneRoutes(state).build(Router.router(vertx));
    }

    private Router build(Router router) {
        BodyHandler bodyHandler = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
        router.route().handler(state.streamsLogs() ? new PushBodyReader(bodyHandler, BODY_LIMIT) : bodyHandler);
        router.route().handler(this::recordAndCheckUserAgent);
        route(router, Endpoint.REGISTER, Endpoint.REGISTER.path(),
                ctx -> state.register(authorization(ctx), body(ctx)));
        route(router, Endpoint.SYNC, Endpoint.SYNC.path(),
                ctx -> state.sync(authorization(ctx), body(ctx)));
        route(router, Endpoint.LIST_JOBS, Endpoint.LIST_JOBS.path(),
                ctx -> state.listQueuedJobs(authorization(ctx)));
        route(router, Endpoint.GET_JOB, Endpoint.GET_JOB.path() + ":id",
                ctx -> state.getJob(authorization(ctx), ctx.pathParam("id")));
        route(router, Endpoint.REFRESH, Endpoint.REFRESH.path(),
                ctx -> state.refresh(authorization(ctx)));
        route(router, Endpoint.DISCONNECT, Endpoint.DISCONNECT.path(),
                ctx -> state.disconnect(authorization(ctx)));
        route(router, Endpoint.LOGS, Endpoint.LOGS.path() + ":id",
                ctx -> state.pushLogs(authorization(ctx), ctx.pathParam("id"), ctx.queryParam("start_from"),
                        bodyBytes(ctx)));
        return router;
    }

    private void route(Router router, Endpoint endpoint, String path, Function<RoutingContext, Reply> handler) {
        Handler<RoutingContext> injectFaults = ctx -> {
            Integer status = state.takeInjectedFailure(endpoint);
            if (status == null) {
                ctx.next();
            } else {
                send(ctx, Reply.error(status, "injected failure"));
            }
        };
        router.route(HttpMethod.valueOf(endpoint.method()), path)
                .handler(injectFaults)
                .handler(ctx -> send(ctx, handler.apply(ctx)));
    }

    private void recordAndCheckUserAgent(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Instant receivedAt = state.now();
        Endpoint endpoint = Endpoint.ofPath(request.path()).orElse(null);
        String body = state.recordsBodyOf(endpoint) ? body(ctx) : "";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(header -> headers
                .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                .add(header.getValue()));
        String method = request.method().name();
        String uri = request.uri();
        ctx.addHeadersEndHandler(done -> state.record(new RecordedRequest(receivedAt, endpoint, method, uri,
                headers, body, ctx.response().getStatusCode())));
        String userAgent = request.getHeader("User-Agent");
        if (!state.acceptsUserAgent(userAgent)) {
            // what Semaphore's Go mocks do with any other User-Agent (logs.md §10)
            send(ctx, Reply.error(500, "unexpected User-Agent: " + userAgent));
            return;
        }
        ctx.next();
    }

    private static void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response().setStatusCode(reply.status());
        if (reply.json() != null) {
            response.putHeader("Content-Type", "application/json").end(reply.json().encode());
        } else {
            response.putHeader("Content-Type", "text/plain; charset=utf-8").end(reply.text());
        }
    }

    private static String authorization(RoutingContext ctx) {
        return ctx.request().getHeader("Authorization");
    }

    /** @return the request's body as it came ({@code []} when there is none) */
    private static byte[] bodyBytes(RoutingContext ctx) {
        byte[] read = PushBodyReader.bodyOf(ctx);
        if (read != null) {
            return read;
        }
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    /** @return the request's body as text, decoded once per request (a log push can be megabytes) */
    private static String body(RoutingContext ctx) {
        String decoded = ctx.get(BODY_TEXT);
        if (decoded != null) {
            return decoded;
        }
        RequestBody body = ctx.body();
        String text = body == null ? null : body.asString("UTF-8");
        String result = text == null ? "" : text;
        ctx.put(BODY_TEXT, result);
        return result;
    }
}
