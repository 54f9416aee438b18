package dev.outrider.toolbox.call;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A short plain-text answer of the toolbox channel (an empty text sends no body). */
public final class TextReply {

    private TextReply() {
    }

    /**
     * @param exchange the request to answer
     * @param status   the HTTP status
     * @param text     the body, UTF-8
     */
    public static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
