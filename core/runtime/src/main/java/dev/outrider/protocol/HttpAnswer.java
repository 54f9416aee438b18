package dev.outrider.protocol;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * A complete answer: its status and its whole body (decompressed), no larger than the call's limit.
 *
 * @param status the HTTP status
 * @param body   the body, empty when there was none
 */
public record HttpAnswer(int status, Buffer body) {
    public HttpAnswer {
        Objects.requireNonNull(body, "body");
    }
}
