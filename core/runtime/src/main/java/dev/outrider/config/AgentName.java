package dev.outrider.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rule for an agent's name as the control plane accepts it (protocol.md §10): 8–80 bytes, or a URL. */
public final class AgentName {

    private AgentName() {
    }

    /**
     * @param name a name given by {@code name} or through {@code name-from-env}
     * @return what is wrong with it, or empty when it is accepted
     */
    public static Optional<String> problem(String name) {
        if (looksLikeUrl(name)) {
            return Optional.empty();
        }
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length < 8 || length > 80) {
            return Optional.of("must be 8 to 80 bytes long (or a URL such as https://...); it is " + length);
        }
        return Optional.empty();
    }

    /** As Go's url.ParseRequestURI accepts it: an absolute path, or a scheme followed by ':'. */
    static boolean looksLikeUrl(String name) {
        if (name.startsWith("/")) {
            return true;
        }
        int colon = name.indexOf(':');
        if (colon <= 0 || !Character.isLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
