package dev.outrider.testkit;

import dev.outrider.testkit.controlplane.Endpoint;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * Reads the body of a log push of announced length into one array of that length, for a fake that streams logs:
 * Vert.x Web's BodyHandler collects into a growing buffer, which copies a push of megabytes several times. Other
 * requests, and pushes without a Content-Length or that expect a 100 Continue, go to the BodyHandler as before.
 */
final class PushBodyReader implements Handler<RoutingContext> {

    /** Where in the routing context the body is left, as a {@code byte[]}. */
    private static final String BODY = "outrider.body-bytes";

    private final Handler<RoutingContext> otherwise;
    private final long limit;

    /**
     * @param otherwise what reads the bodies this reader does not
     * @param limit     the largest body accepted, in bytes; a longer one is failed with 413
     */
    PushBodyReader(Handler<RoutingContext> otherwise, long limit) {
        this.otherwise = otherwise;
        this.limit = Math.min(limit, Integer.MAX_VALUE - 8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long announced = announcedLength(request);
        if (announced < 0 || request.getHeader("Expect") != null || request.method() != HttpMethod.POST
                || Endpoint.ofPath(request.path()).orElse(null) != Endpoint.LOGS) {
            otherwise.handle(ctx);
            return;
        }
        if (announced > limit) {
            ctx.fail(413);
            return;
        }
        byte[][] body = {new byte[(int) announced]};
        int[] read = {0};
        request.handler(chunk -> {
            int length = chunk.length();
            if (read[0] + length > body[0].length) { // longer than announced: cannot be with HTTP/1.1 framing
                body[0] = Arrays.copyOf(body[0], Math.max(read[0] + length, body[0].length * 2));
            }
            chunk.getBytes(0, length, body[0], read[0]);
            read[0] += length;
        });
        request.endHandler(end -> {
            ctx.put(BODY, read[0] == body[0].length ? body[0] : Arrays.copyOf(body[0], read[0]));
            ctx.next();
        });
        request.resume();
    }

    /** @return the request's Content-Length, or -1 when it has none that is a number */
    private static long announcedLength(HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the body this reader left in the context, or {@code null} when it did not read it */
    static byte[] bodyOf(RoutingContext ctx) {
        return ctx.get(BODY);
    }
}
