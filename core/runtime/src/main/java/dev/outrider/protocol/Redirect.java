package dev.outrider.protocol;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a redirect leads, as Go's HTTP client (and so Semaphore's agent) follows it, but stricter
 * with credentials: 301, 302 and 303 turn a request other than GET and HEAD into a GET without
 * body, 307 and 308 repeat it. Credentials ({@code Authorization}, {@code Cookie}) go only to the
 * origin (scheme, host and port) the call was made to: Go drops them for another host, and we
 * drop them for another port too. A redirect from https to plain http is refused, so the body
 * and headers never travel in clear text.
 */
final class Redirect {

    /** As Go's default client. */
    static final int MAX_REDIRECTS = 10;

    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final List<String> CREDENTIALS = List.of("Authorization", "Cookie", "Cookie2",
            "Proxy-Authorization", "WWW-Authenticate");

    private Redirect() {
    }

    /** @return whether an answer with this status and Location is a redirect to follow */
    static boolean applies(int status, String location) {
        return STATUSES.contains(status) && location != null && !location.isEmpty();
    }

    /**
     * @param original the call as first made (its URL is the origin credentials belong to)
     * @param current  the call that was answered with the redirect
     * @param status   the redirect's status
     * @param location its Location header
     * @return the next call
     * @throws IllegalStateException why the redirect is not followed
     */
    static HttpCall next(HttpCall original, HttpCall current, int status, String location) {
        URI from = URI.create(current.url());
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("answered HTTP " + status + " with a Location that is not a URL");
        }
        String scheme = Optional.ofNullable(to.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) {
            throw new IllegalStateException("answered HTTP " + status + " redirecting to a URL that is not http(s)");
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new IllegalStateException("answered HTTP " + status + " redirecting from https to plain http ("
                    + origin(to) + "); the agent does not downgrade to plain http, so the request and its token"
                    + " are not sent in clear text");
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(current.headers());
        if (!origin(to).equals(origin(URI.create(original.url())))) {
            CREDENTIALS.forEach(headers::remove);
        }
        boolean asGet = status <= 303 && current.method() != HttpMethod.GET && current.method() != HttpMethod.HEAD;
        return new HttpCall(asGet ? HttpMethod.GET : current.method(), to.toString(), headers,
                asGet ? Optional.empty() : current.body(), current.bodyLimit());
    }

    /** @return scheme://host:port, the port made explicit */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
