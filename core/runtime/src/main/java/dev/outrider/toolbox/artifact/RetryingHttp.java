package dev.outrider.toolbox.artifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends a request again while the answer is worth retrying ({@link RetryPolicy}); once the retries are
 * spent, fails with the CLI's {@code <METHOD> <url> giving up after <n> attempt(s)}.
 */
final class RetryingHttp {

    /** A failed answer as the caller may log it: status and body. */
    record Refusal(String method, String url, int status, String body) {
    }

    /**
     * The answer that ended the retries.
     *
     * @param status        its status
     * @param body          its body; the caller closes it
     * @param contentLength its length, if it said
     */
    record Answer(int status, InputStream body, OptionalLong contentLength) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The retries are spent. */
    static final class GaveUp extends Exception {
        GaveUp(String message) {
            super(message);
        }
    }

    private final HttpClient client;
    private final RetryPolicy policy;

    RetryingHttp(HttpClient client, RetryPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /**
     * @param request  makes the request (again for each attempt: a body is opened anew)
     * @param refusals told of every non-2xx answer, with its body
     * @return the first answer that is not retried
     */
    Answer send(Supplier<HttpRequest> request, Consumer<Refusal> refusals) throws GaveUp, InterruptedException {
        IOException lastError = null;
        HttpRequest last = null;
        Duration wait = Duration.ZERO;
        for (int attempt = 0; attempt <= policy.retries(); attempt++) {
            Thread.sleep(wait.toMillis());
            wait = policy.wait(attempt);
            last = request.get();
            HttpResponse<InputStream> response;
            try {
                response = client.send(last, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                lastError = e;
                continue;
            }
            lastError = null;
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(status, response.body(), response.headers().firstValueAsLong("Content-Length"));
            }
            byte[] body = readAll(response);
            refusals.accept(new Refusal(last.method(), last.uri().toString(), status,
                    new String(body, StandardCharsets.UTF_8)));
            if (!RetryPolicy.retryable(status)) {
                return new Answer(status, new ByteArrayInputStream(body), OptionalLong.of(body.length));
            }
            wait = retryAfter(response).orElse(wait);
        }
        String giveUp = last.method() + " " + last.uri() + " giving up after " + (policy.retries() + 1) + " attempt(s)";
        if (lastError != null) {
            giveUp += ": " + describe(last, lastError);
        }
        throw new GaveUp(giveUp);
    }

    /** A 429 or 503 may say how long to wait, in seconds (up to a minute here). */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        if (response.statusCode() != 429 && response.statusCode() != 503) {
            return Optional.empty();
        }
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.min(Long.parseLong(value.trim()), 60)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** A connection error in the shape Go prints it: {@code Put "<url>": <cause>}. */
    static String describe(HttpRequest request, IOException error) {
        String method = request.method().charAt(0) + request.method().substring(1).toLowerCase();
        String cause = error instanceof ConnectException ? "connection refused"
                : error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        return method + " \"" + request.uri() + "\": " + cause;
    }

    private static byte[] readAll(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return body.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
