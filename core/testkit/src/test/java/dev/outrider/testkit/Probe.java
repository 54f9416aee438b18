package dev.outrider.testkit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A plain JDK HTTP client standing in for an agent in the fake's own tests; speaks the wire protocol by hand. */
final class Probe {

    static final String USER_AGENT = "SemaphoreAgent/v9.9.9";
    static final String BASE = "/api/v1/self_hosted_agents";

    private final HttpClient client;
    private final String baseUrl;

    Probe(FakeControlPlane fake) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), fake.baseUrl());
    }

    Probe(HttpClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> post(String pathAndQuery, String authorization, String body) {
        return post(pathAndQuery, authorization, body, null);
    }

    HttpResponse<String> post(String pathAndQuery, String authorization, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", USER_AGENT)
                .POST(body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** Pushes log lines without a Content-Length: the body goes chunked, as a stream of unknown length. */
    HttpResponse<String> pushLogsChunked(String logUrl, String token, long startFrom, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(logUrl + "?start_from=" + startFrom))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", USER_AGENT)
                .header("Authorization", "Bearer " + token)
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .build();
        return send(request);
    }

    HttpResponse<String> get(String pathAndQuery, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", USER_AGENT)
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> register(String registrationToken, JsonObject body) {
        return post(BASE + "/register", "Token " + registrationToken, body.encode());
    }

    /** Registers with the given settings and returns the access token. */
    String registerAgent(String registrationToken, String name, boolean singleJob, long idleTimeout,
                         long gracePeriod) {
        HttpResponse<String> response = register(registrationToken,
                registration(name, singleJob, idleTimeout, gracePeriod, ""));
        if (response.statusCode() != 200) {
            throw new AssertionError("register: " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body()).getString("token");
    }

    String registerAgent(String registrationToken, String name) {
        return registerAgent(registrationToken, name, false, 0, 0);
    }

    static JsonObject registration(String name, boolean singleJob, long idleTimeout, long gracePeriod,
                                   String jobId) {
        return new JsonObject()
                .put("name", name)
                .put("version", "v9.9.9")
                .put("pid", 4242)
                .put("os", "Ubuntu 24.04 LTS")
                .put("arch", "x86_64")
                .put("hostname", "builder-01")
                .put("single_job", singleJob)
                .put("idle_timeout", idleTimeout)
                .put("interruption_grace_period", gracePeriod)
                .put("job_id", jobId);
    }

    HttpResponse<String> syncResponse(String accessToken, String state, String jobId, String result,
                                      long interruptedAt) {
        return post(BASE + "/sync", "Token " + accessToken, new JsonObject()
                .put("state", state)
                .put("job_id", jobId)
                .put("job_result", result)
                .put("interrupted_at", interruptedAt)
                .encode());
    }

    /** Syncs and returns the answer, failing on anything but 200. */
    JsonObject sync(String accessToken, String state, String jobId, String result, long interruptedAt) {
        HttpResponse<String> response = syncResponse(accessToken, state, jobId, result, interruptedAt);
        if (response.statusCode() != 200) {
            throw new AssertionError("sync: " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    JsonObject sync(String accessToken, String state, String jobId) {
        return sync(accessToken, state, jobId, "", 0);
    }

    JsonObject waiting(String accessToken) {
        return sync(accessToken, "waiting-for-jobs", "");
    }

    HttpResponse<String> pushLogs(String logUrl, String token, long startFrom, String body) {
        String path = logUrl.substring(baseUrl.length()) + "?start_from=" + startFrom;
        return post(path, token == null ? null : "Bearer " + token, body, "text/plain");
    }
}
