package dev.outrider.protocol;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as {@link HttpTransport#send} takes it.
 *
 * @param method    the HTTP method
 * @param url       the absolute URL
 * @param headers   the request headers (case-insensitive names); credentials among them
 *                  ({@code Authorization}, {@code Cookie}) only ever go to this URL's origin
 * @param body      the body, if any
 * @param bodyLimit the most bytes of answer body accepted, after gzip decompression
 */
public record HttpCall(HttpMethod method, String url, MultiMap headers, Optional<Buffer> body, long bodyLimit) {

    /** The answer body limit for control-plane calls other than the job request, and for log pushes. */
    public static final long API_BODY_LIMIT = 1024 * 1024;

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        Objects.requireNonNull(body, "body");
        if (bodyLimit < 0) {
            throw new IllegalArgumentException("bodyLimit must be 0 or more: " + bodyLimit);
        }
    }
}
