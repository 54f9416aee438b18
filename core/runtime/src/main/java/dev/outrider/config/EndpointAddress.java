package dev.outrider.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code endpoint} key read as what the agent builds its URLs from: {@code host[:port]}, a
 * name or an IP address (IPv6 in brackets) and a port from 1 to 65535. An {@code http://} or
 * {@code https://} in front and a lone trailing {@code /} are accepted (pasted URLs), the scheme
 * only when it agrees with {@code no-https}. A path, query, fragment or {@code user:password@}
 * is refused: the agent adds the API path itself, and credentials in the endpoint would travel
 * and be logged with every call. Errors never repeat what stood before an {@code @}.
 *
 * @param authority {@code host[:port]} as given, without scheme or slash; {@code ""} when not given
 * @param https     whether the scheme given said https, if one was given
 */
record EndpointAddress(String authority, Optional<Boolean> https) {

    private static final String FORM = "give host[:port] only, e.g. my-org.semaphoreci.com or 10.0.0.5:8080";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /**
     * @param text the key's value
     * @return the address
     * @throws IllegalArgumentException saying what is wrong and the accepted form
     */
    static EndpointAddress parse(String text) {
        if (text.isEmpty()) {
            return new EndpointAddress("", Optional.empty());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException(shown(text) + " contains white space or a control character; "
                        + FORM);
            }
        }
        String rest = text;
        Optional<Boolean> https = Optional.empty();
        Matcher scheme = SCHEME.matcher(text);
        if (scheme.find()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!name.equals("http") && !name.equals("https")) {
                throw new IllegalArgumentException("the scheme '" + scheme.group(1) + "://' is not supported; " + FORM
                        + " (https is used unless no-https is true)");
            }
            https = Optional.of(name.equals("https"));
            rest = text.substring(scheme.end());
        }
        int end = firstOf(rest, "/?#");
        String authority = rest.substring(0, end);
        if (authority.contains("@")) {
            throw new IllegalArgumentException(shown(text) + " holds credentials before '@', which would be sent and logged with every call; " + FORM
                    + " (the agent authenticates with 'token')");
        }
        String tail = rest.substring(end);
        if (!tail.isEmpty() && !tail.equals("/")) {
            String what = switch (tail.charAt(0)) {
                case '?' -> "a query ('?...')";
                case '#' -> "a fragment ('#...')";
                default -> "a path ('" + cut(tail, "?#") + "')";
            };
            throw new IllegalArgumentException(shown(text) + " has " + what + "; the agent adds"
                    + " /api/v1/self_hosted_agents itself: " + FORM);
        }
        checkAuthority(text, authority);
        return new EndpointAddress(authority, https);
    }

    private static void checkAuthority(String text, String authority) {
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? authority : authority.substring(0, close + 1);
            String after = authority.substring(host.length());
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException(shown(text) + " has text after the IPv6 address; " + FORM);
            }
            port = after.isEmpty() ? null : after.substring(1);
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException(shown(text) + ": '" + host + "' is not an IPv6 address; " + FORM);
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException(shown(text) + " has more than one ':' (an IPv6 address goes in"
                        + " brackets, e.g. [fd00::1]:8080); " + FORM);
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty()) {
                throw new IllegalArgumentException(shown(text) + " has no host; " + FORM);
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException(shown(text) + ": '" + host + "' is not a host name or IP address"
                        + " (letters, digits, '.', '-' and '_'); " + FORM);
            }
        }
        if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535)) {
            throw new IllegalArgumentException(shown(text) + ": the port '" + port + "' is not a number from 1 to"
                    + " 65535; " + FORM);
        }
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String cut(String text, String characters) {
        return text.substring(0, firstOf(text, characters));
    }

    /** The value for an error, quoted so white space shows, without credentials, query or fragment. */
    private static String shown(String text) {
        String safe = text.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*@", "$1<credentials>@");
        int query = firstOf(safe, "?#");
        return "'" + safe.substring(0, query) + (query < safe.length() ? safe.charAt(query) + "..." : "") + "'";
    }
}
