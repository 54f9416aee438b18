package dev.outrider.agent;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** An agent's name before registration (protocol.md §10). */
final class AgentNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentNames() {
    }

    /**
     * @param name        the configured {@code name}, or empty
     * @param nameFromEnv the configured {@code name-from-env}, or empty
     * @param environment the agent's environment
     * @return the name to register with
     * @throws IllegalArgumentException when a given name is neither 8–80 bytes long nor URL-like
     */
    static String resolve(String name, String nameFromEnv, Map<String, String> environment) {
        if (!name.isEmpty()) {
            return validate(name, "name");
        }
        if (!nameFromEnv.isEmpty()) {
            return validate(environment.getOrDefault(nameFromEnv, ""), "the variable '" + nameFromEnv
                    + "' named by 'name-from-env'");
        }
        return generate();
    }

    /** @return 20 random URL-safe characters */
    static String generate() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String validate(String name, String source) {
        if (looksLikeUrl(name)) {
            return name;
        }
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length < 8 || length > 80) {
            throw new IllegalArgumentException("the agent name from " + source + " ('" + name + "') must be 8 to 80 "
                    + "bytes long (or a URL such as https://...); it is " + length);
        }
        return name;
    }

    /** As Go's url.ParseRequestURI accepts it: an absolute path, or a scheme followed by ':'. */
    static boolean looksLikeUrl(String name) {
        if (name.startsWith("/")) {
            return true;
        }
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        if (!Character.isLetter(name.charAt(0))) {
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
