package dev.outrider.protocol;

import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP proxies of the environment, as Go's {@code http.ProxyFromEnvironment} reads them (and so
 * Semaphore's agent): {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs (upper
 * case first, then lower case), {@code NO_PROXY} for hosts to reach directly; loopback hosts are
 * never proxied.
 */
public final class ProxySettings {

    /** No proxy at all. */
    public static final ProxySettings NONE = new ProxySettings(null, null, List.of());

    private final URI httpsProxy;
    private final URI httpProxy;
    private final List<String> noProxy;

    private ProxySettings(URI httpsProxy, URI httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = List.copyOf(noProxy);
    }

    /**
     * @param environment the agent's environment
     * @return its proxy settings
     * @throws IllegalArgumentException naming the variable when a proxy URL cannot be read
     */
    public static ProxySettings fromEnvironment(Map<String, String> environment) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : variable(environment, "NO_PROXY").orElse("").split(",")) {
            String trimmed = entry.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                noProxy.add(trimmed);
            }
        }
        return new ProxySettings(proxy(environment, "HTTPS_PROXY"), proxy(environment, "HTTP_PROXY"), noProxy);
    }

    /** @return the proxy to reach a URL through, if any */
    public Optional<ProxyOptions> forUrl(String url) {
        URI target = URI.create(url);
        URI proxy = "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
        String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        if (proxy == null || isLoopback(host) || bypassed(host, port(target))) {
            return Optional.empty();
        }
        ProxyOptions options = new ProxyOptions().setType(ProxyType.HTTP).setHost(proxy.getHost())
                .setPort(proxy.getPort() > 0 ? proxy.getPort() : ("https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80));
        String userInfo = proxy.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            options.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                options.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        return Optional.of(options);
    }

    private boolean bypassed(String host, int port) {
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String entryHost = entry;
            int entryPort = -1;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(']') < colon && entry.chars().filter(c -> c == ':').count() == 1) {
                entryHost = entry.substring(0, colon);
                entryPort = Integer.parseInt(entry.substring(colon + 1));
            }
            if (entryPort >= 0 && entryPort != port) {
                continue;
            }
            if (entryHost.startsWith(".") ? host.endsWith(entryHost)
                    : host.equals(entryHost) || host.endsWith("." + entryHost)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    }

    private static URI proxy(Map<String, String> environment, String name) {
        Optional<String> value = variable(environment, name);
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().contains("://") ? value.get() : "http://" + value.get();
        try {
            URI uri = URI.create(text);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the environment variable " + name + " is not a proxy URL such as "
                    + "http://proxy.internal:3128: " + e.getMessage(), e);
        }
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            value = environment.get(name.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
