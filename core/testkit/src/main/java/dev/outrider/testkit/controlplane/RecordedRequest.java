package dev.outrider.testkit.controlplane;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One HTTP request the fake control plane answered.
 *
 * @param receivedAt when it arrived (by the fake's clock)
 * @param endpoint   the endpoint its path addresses, or {@code null} for a path the control plane does not know
 * @param method     the HTTP method
 * @param uri        path and query, as sent
 * @param headers    the request headers, names in lower case, values in the order sent
 * @param body       the body as UTF-8 text ({@code ""} when there is none)
 * @param status     the status code of the answer
 */
public record RecordedRequest(Instant receivedAt, Endpoint endpoint, String method, String uri,
                              Map<String, List<String>> headers, String body, int status) {

    public RecordedRequest {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
        body = body == null ? "" : body;
    }

    /**
     * @param name a header name, in any case
     * @return its first value, or {@code null} when the request did not carry it
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** @return the path without the query */
    public String path() {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
