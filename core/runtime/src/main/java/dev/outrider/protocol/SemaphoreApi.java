package dev.outrider.protocol;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The control plane's agent API (protocol.md §3): register, sync, get job, refresh a log token,
 * disconnect. One call is one attempt; retrying is the caller's business. Every request carries
 * {@code User-Agent: SemaphoreAgent/<version>} and {@code Authorization: Token <token>}, and
 * gives up after 30 s. JSON bodies are sent without a Content-Type, as Semaphore's agent sends them.
 */
public final class SemaphoreApi {

    /** How long one request may take, from connecting to the last byte of the answer. */
    public static final long REQUEST_TIMEOUT_MS = 30_000;

    private final HttpTransport client;
    private final String baseUrl;
    private final String userAgent;

    /**
     * @param client   the HTTP transport
     * @param endpoint the control plane's host[:port], without scheme
     * @param https    whether to use HTTPS ({@code no-https} turns it off)
     * @param version  the agent version announced in the User-Agent
     */
    public SemaphoreApi(HttpTransport client, String endpoint, boolean https, String version) {
        this.client = Objects.requireNonNull(client, "client");
        this.baseUrl = (https ? "https://" : "http://") + endpoint + "/api/v1/self_hosted_agents";
        this.userAgent = userAgent(version);
    }

    /** @return the User-Agent header value for a version */
    public static String userAgent(String version) {
        return "SemaphoreAgent/" + version;
    }

    /** @return the base URL of the agent API */
    public String baseUrl() {
        return baseUrl;
    }

    /** Registers with the registration token; success is any 2xx with a readable body. */
    public Future<RegisterResponse> register(String registrationToken, RegisterRequest body) {
        return call(HttpMethod.POST, "/register", registrationToken, Buffer.buffer(ProtocolJson.encode(body)))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw failure("POST", "/register", response.statusCode());
                    }
                    return parse(response, ProtocolJson::registerResponse, "/register");
                });
    }

    /** Syncs; success is exactly 200. */
    public Future<SyncResponse> sync(String accessToken, SyncRequest body) {
        return call(HttpMethod.POST, "/sync", accessToken, Buffer.buffer(ProtocolJson.encode(body)))
                .map(response -> parse(requireOk(response, "POST", "/sync"), ProtocolJson::syncResponse, "/sync"));
    }

    /** Fetches a job request; success is exactly 200. @return the job request's JSON text */
    public Future<String> job(String accessToken, String jobId) {
        String path = "/jobs/" + jobId;
        return call(HttpMethod.GET, path, accessToken, null)
                .map(response -> {
                    Buffer body = requireOk(response, "GET", path).body();
                    return body == null ? "" : body.toString();
                });
    }

    /** Asks for a new log token for the agent's current job. */
    public Future<String> refreshLogToken(String accessToken) {
        return call(HttpMethod.POST, "/refresh", accessToken, null)
                .map(response -> parse(requireOk(response, "POST", "/refresh"), ProtocolJson::tokenResponse, "/refresh").token());
    }

    /** Tells the control plane the agent is going away. */
    public Future<Void> disconnect(String accessToken) {
        return call(HttpMethod.POST, "/disconnect", accessToken, null)
                .map(response -> {
                    requireOk(response, "POST", "/disconnect");
                    return null;
                });
    }

    private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String token, Buffer body) {
        HttpRequest<Buffer> request = client.request(method, baseUrl + path)
                .putHeader("User-Agent", userAgent)
                .putHeader("Authorization", "Token " + token)
                .timeout(REQUEST_TIMEOUT_MS);
        Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
        return sent.timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .recover(error -> Future.failedFuture(error instanceof ApiException ? error
                        : new ApiException(method + " " + baseUrl + path + " failed: " + describe(error), -1, error)));
    }

    private HttpResponse<Buffer> requireOk(HttpResponse<Buffer> response, String method, String path) {
        if (response.statusCode() != 200) {
            throw failure(method, path, response.statusCode());
        }
        return response;
    }

    private ApiException failure(String method, String path, int status) {
        return new ApiException(method + " " + baseUrl + path + " answered HTTP " + status, status, null);
    }

    private <T> T parse(HttpResponse<Buffer> response, Function<String, T> reader, String path) {
        Buffer body = response.body();
        try {
            return reader.apply(body == null ? "" : body.toString());
        } catch (IllegalArgumentException e) {
            throw new ApiException(baseUrl + path + " answered HTTP " + response.statusCode()
                    + " with a body that is not the expected JSON: " + e.getMessage(), response.statusCode(), e);
        }
    }

    /** @return the error's message, with its root cause's, and a hint for TLS handshake failures */
    static String describe(Throwable error) {
        String message = messageOf(error);
        Throwable root = error;
        boolean handshake = false;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            handshake |= root instanceof javax.net.ssl.SSLHandshakeException;
        }
        handshake |= error instanceof javax.net.ssl.SSLHandshakeException;
        if (root != error && !message.contains(messageOf(root))) {
            message += ": " + messageOf(root);
        }
        if (handshake) {
            message += " (the agent speaks TLS 1.3 only and trusts the system's CAs plus those of 'ca-file')";
        }
        return message;
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
