package dev.outrider.kubernetes.controller;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code outrider controller} serves {@code /healthz}, {@code /readyz} and {@code /metrics}
 * ({@code OUTRIDER_STATUS_ADDRESS}, as {@code outrider start}'s {@code status-address}): {@code host:port},
 * IPv6 in brackets; port 0 takes a free port.
 *
 * @param host the address or name to listen on
 * @param port the TCP port, 0 to 65535
 */
record StatusAddress(String host, int port) {

    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)"
            + ":([0-9]{1,5})");

    StatusAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
    }

    /** @throws ControllerSettingsException naming the variable when the text is not host:port */
    static StatusAddress parse(String variable, String text) {
        Matcher matcher = ADDRESS.matcher(text);
        int port = matcher.matches() ? Integer.parseInt(matcher.group(3)) : -1;
        if (port < 0 || port > 65535) {
            throw new ControllerSettingsException(variable + " '" + text + "' is not host:port (port 0 to 65535);"
                    + " give e.g. 0.0.0.0:9464, or leave it unset for no status server");
        }
        String host = matcher.group(1);
        return new StatusAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
