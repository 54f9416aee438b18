package dev.outrider.protocol;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The control plane's agent API (protocol.md §3): register, sync, get job, refresh a log token,
 * disconnect. One call is one attempt; retrying is the caller's business. Every request carries
 * {@code User-Agent: SemaphoreAgent/<version>} and {@code Authorization: Token <token>}, and
 * gives up after 30 s. JSON bodies are sent without a Content-Type, as Semaphore's agent sends them.
 * An answer's body may be at most {@link #JOB_BODY_LIMIT} for the job request and
 * {@link HttpCall#API_BODY_LIMIT} for the other calls.
 */
public final class SemaphoreApi {

    /**
     * The largest job request accepted: it carries the job's commands, env vars and files (base64),
     * which Semaphore keeps far below this.
     */
    public static final long JOB_BODY_LIMIT = 64L * 1024 * 1024;

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

    /**
     * Registers with the registration token; success is any 2xx with a readable body that gives an
     * access token (without one the agent could not sync: the attempt failed).
     */
    public Future<RegisterResponse> register(String registrationToken, RegisterRequest body) {
        return call(HttpMethod.POST, "/register", registrationToken, Buffer.buffer(ProtocolJson.encode(body)))
                .map(response -> {
                    if (response.status() / 100 != 2) {
                        throw failure("POST", "/register", response.status());
                    }
                    RegisterResponse registered = parse(response, ProtocolJson::registerResponse, "/register");
                    if (registered.token().isBlank()) {
                        throw new ApiException("POST " + baseUrl + "/register answered HTTP " + response.status()
                                + " without an access token ('token' missing or empty); the registration failed",
                                response.status(), null);
                    }
                    return registered;
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
        return call(HttpMethod.GET, path, accessToken, null, JOB_BODY_LIMIT)
                .map(response -> requireOk(response, "GET", path).body().toString());
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

    private Future<HttpAnswer> call(HttpMethod method, String path, String token, Buffer body) {
        return call(method, path, token, body, HttpCall.API_BODY_LIMIT);
    }

    private Future<HttpAnswer> call(HttpMethod method, String path, String token, Buffer body, long limit) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("User-Agent", userAgent)
                .add("Authorization", "Token " + token);
        return client.send(new HttpCall(method, baseUrl + path, headers, Optional.ofNullable(body), limit))
                .recover(error -> Future.failedFuture(error instanceof ApiException ? error
                        : new ApiException(method + " " + baseUrl + path + " failed: " + describe(error), -1, error)));
    }

    private HttpAnswer requireOk(HttpAnswer response, String method, String path) {
        if (response.status() != 200) {
            throw failure(method, path, response.status());
        }
        return response;
    }

    private ApiException failure(String method, String path, int status) {
        return new ApiException(method + " " + baseUrl + path + " answered HTTP " + status, status, null);
    }

    private <T> T parse(HttpAnswer response, Function<String, T> reader, String path) {
        try {
            return reader.apply(response.body().toString());
        } catch (IllegalArgumentException e) {
            throw new ApiException(baseUrl + path + " answered HTTP " + response.status()
                    + " with a body that is not the expected JSON: " + e.getMessage(), response.status(), e);
        }
    }

    /** @return the error's message, with its root cause's, and a hint for TLS handshake failures */
    static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // Netty's message for it is a hex dump of what came back; it says nothing a user can act on
            if (cause.getClass().getName().equals("io.netty.handler.ssl.NotSslRecordException")) {
                return "the endpoint answered plain HTTP to a TLS handshake; use no-https if the control plane"
                        + " serves plain http on that port, or give the port of its https";
            }
        }
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
