package dev.outrider.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code status-address} key: where {@code outrider start} serves {@code /healthz},
 * {@code /readyz} and {@code /metrics}, as {@code host:port} (IPv6 in brackets). Port 0 takes a
 * free port (the agent log names it).
 *
 * @param host the address or name to listen on
 * @param port the TCP port, 0 to 65535
 */
public record StatusAddress(String host, int port) {

    private static final String FORM = "give host:port, e.g. 127.0.0.1:9464 (0.0.0.0:9464 to serve on every interface)";
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)"
            + ":([0-9]{1,5})");

    public StatusAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
    }

    static StatusAddress read(Setting setting) {
        String text = Values.string(setting).strip();
        Matcher matcher = ADDRESS.matcher(text);
        if (!matcher.matches()) {
            throw setting.problem("'" + text + "' is not an address; " + FORM);
        }
        int port = Integer.parseInt(matcher.group(3));
        if (port > 65535) {
            throw setting.problem("'" + text + "' has port " + port + ", above 65535; " + FORM);
        }
        String host = matcher.group(1);
        return new StatusAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
