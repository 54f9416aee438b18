package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Semaphore's queue of jobs waiting for an agent of a type: {@code GET /api/v1/self_hosted_agents/jobs}
 * with {@code Authorization: Token <registration token>}, answered {@code {"jobs":[{"id":…},…]}}.
 */
final class JobQueue {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int EXCERPT = 200;

    private final URI url;
    private final HttpClient http;
    private final KubernetesSerialization json = new KubernetesSerialization();

    /**
     * @param url     the queue's URL ({@link ControllerSettings#queuedJobsUrl()})
     * @param proxies the proxies of the environment
     */
    JobQueue(URI url, EnvironmentProxies proxies) {
        this.url = Objects.requireNonNull(url, "url");
        // HTTP/1.1: one small request per type every 10 s needs no HTTP/2, and plain http then sends no h2c upgrade
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(proxies).build();
    }

    /**
     * @return the ids of the type's queued jobs, in the order Semaphore lists them
     * @throws QueueException when the queue cannot be read (unreachable, refused, not the expected answer)
     */
    List<String> queued(AgentType type) throws QueueException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Token " + type.registrationToken())
                .header("Accept", "application/json")
                .header("User-Agent", "OutriderController")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new QueueException(prefix(type) + "no connection within " + CONNECT_TIMEOUT.toSeconds()
                    + " s; check SEMAPHORE_ENDPOINT and that the cluster can reach it");
        } catch (HttpTimeoutException e) {
            throw new QueueException(prefix(type) + "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new QueueException(prefix(type) + "cannot connect (" + reason(e) + "); check SEMAPHORE_ENDPOINT"
                    + " and that the cluster can reach it");
        } catch (IOException e) {
            throw new QueueException(prefix(type) + "cannot reach it (" + reason(e) + "); check SEMAPHORE_ENDPOINT"
                    + (url.getScheme().equals("https") ? " (and SEMAPHORE_NO_HTTPS for a control plane without TLS)"
                    : ""));
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new QueueException(prefix(type) + "answered " + status + ": Semaphore does not accept the"
                    + " registrationToken of Secret '" + type.secretName() + "'; put the agent type's current"
                    + " registration token there");
        }
        if (status != 200) {
            throw new QueueException(prefix(type) + "answered " + status + ": " + excerpt(response.body(), type));
        }
        return ids(response.body(), type);
    }

    private List<String> ids(String body, AgentType type) throws QueueException {
        List<String> ids = new ArrayList<>();
        try {
            Object jobs = json.unmarshal(body, Map.class).get("jobs");
            if (jobs == null) {
                return ids;
            }
            for (Object job : (List<?>) jobs) {
                Object id = ((Map<?, ?>) job).get("id");
                if (!(id instanceof String text) || text.isEmpty()) {
                    throw new IllegalArgumentException("a job without an id");
                }
                ids.add(text);
            }
            return ids;
        } catch (RuntimeException e) {
            throw new QueueException(prefix(type) + "answered 200 but not {\"jobs\":[{\"id\":…}]}: "
                    + excerpt(body, type));
        }
    }

    private String prefix(AgentType type) {
        return "queue of agent type '" + type.name() + "' at " + url + ": ";
    }

    private static String reason(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The start of a body on one line, without the token should the server echo it. */
    private static String excerpt(String body, AgentType type) {
        String line = body.replace(type.registrationToken(), "***").replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) {
            return "(empty body)";
        }
        return line.length() > EXCERPT ? line.substring(0, EXCERPT) + "…" : line;
    }
}
