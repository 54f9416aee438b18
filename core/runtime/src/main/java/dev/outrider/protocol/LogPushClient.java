package dev.outrider.protocol;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Optional;

/**
 * Pushes job log events to the job's log URL (logs.md §6.1): {@code POST <url>?start_from=<offset>},
 * {@code Content-Type: text/plain}, {@code Authorization: Bearer <log token>}, the events one per line.
 */
public final class LogPushClient {

    private final HttpTransport client;
    private final String userAgent;

    /**
     * @param client  the HTTP transport
     * @param version the agent version announced in the User-Agent
     */
    public LogPushClient(HttpTransport client, String version) {
        this.client = Objects.requireNonNull(client, "client");
        this.userAgent = SemaphoreApi.userAgent(version);
    }

    /**
     * @param url       the job's log URL, as the job request gives it
     * @param token     the job's log token
     * @param startFrom the offset of the first event in the body
     * @param events    complete lines, each ending with {@code \n}
     * @return the HTTP status of the answer; fails only when no answer came
     */
    public Future<Integer> push(String url, String token, long startFrom, Buffer events) {
        String target = url + "?start_from=" + startFrom;
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("User-Agent", userAgent)
                .add("Content-Type", "text/plain")
                .add("Authorization", "Bearer " + token);
        return client.send(new HttpCall(HttpMethod.POST, target, headers, Optional.of(events), HttpCall.API_BODY_LIMIT))
                .map(HttpAnswer::status)
                .recover(error -> Future.failedFuture(new ApiException("POST " + url + " failed: "
                        + SemaphoreApi.describe(error), -1, error)));
    }
}
