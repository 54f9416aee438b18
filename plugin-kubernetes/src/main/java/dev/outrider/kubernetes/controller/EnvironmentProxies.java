package dev.outrider.kubernetes.controller;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies Semaphore's Go controller honours (Go's {@code ProxyFromEnvironment}): {@code HTTPS_PROXY}
 * for an https endpoint, {@code HTTP_PROXY} for plain http (upper case first, then lower case; a
 * proxy without scheme is {@code http://}), {@code NO_PROXY} ({@code *}, hosts, {@code .domains} or
 * domains with their subdomains, each with an optional {@code :port}); loopback is never proxied.
 */
final class EnvironmentProxies extends ProxySelector {

    private final Optional<InetSocketAddress> https;
    private final Optional<InetSocketAddress> http;
    private final List<String> noProxy;

    private EnvironmentProxies(Optional<InetSocketAddress> https, Optional<InetSocketAddress> http,
                               List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /**
     * @throws ControllerSettingsException naming the variable whose proxy cannot be used
     */
    static EnvironmentProxies fromEnvironment(Map<String, String> environment) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : variable(environment, "NO_PROXY").orElse("").split(",")) {
            if (!entry.isBlank()) {
                noProxy.add(entry.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new EnvironmentProxies(proxy(environment, "HTTPS_PROXY"), proxy(environment, "HTTP_PROXY"),
                List.copyOf(noProxy));
    }

    /** @return the proxy for a URL, empty for a direct connection */
    Optional<InetSocketAddress> proxyFor(URI url) {
        Optional<InetSocketAddress> proxy = "https".equals(url.getScheme()) ? https : http;
        if (proxy.isEmpty() || bypassed(url)) {
            return Optional.empty();
        }
        return proxy;
    }

    @Override
    public List<Proxy> select(URI uri) {
        return List.of(proxyFor(uri).map(address -> new Proxy(Proxy.Type.HTTP, address)).orElse(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // the request fails and the queue's error names it; there is no other proxy to try
    }

    private boolean bypassed(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || loopbackAddress(host)) {
            return true;
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) {
                if (!entry.substring(colon + 1).equals(Integer.toString(port))) {
                    continue;
                }
                name = entry.substring(0, colon);
            }
            String domain = name.startsWith(".") ? name.substring(1) : name;
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopbackAddress(String host) {
        if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
            return false; // a name: not resolved here
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetSocketAddress> proxy(Map<String, String> environment, String name) {
        Optional<String> value = variable(environment, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().contains("://") ? value.get() : "http://" + value.get();
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new ControllerSettingsException(name + " is not a proxy URL; give http://host:port");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new ControllerSettingsException(name + " is not an http:// proxy (host and port); give"
                    + " http://host:port");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ControllerSettingsException(name + " has user:password@, which outrider controller does not"
                    + " send; use a proxy that admits the controller's pod without credentials");
        }
        return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : 80));
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String upper = environment.getOrDefault(name, "").strip();
        String value = upper.isEmpty() ? environment.getOrDefault(name.toLowerCase(Locale.ROOT), "").strip() : upper;
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
