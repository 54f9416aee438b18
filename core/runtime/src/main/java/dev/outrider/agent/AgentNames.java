package dev.outrider.agent;

import dev.outrider.config.AgentName;
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
        AgentName.problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException("the agent name from " + source + " ('" + name + "') " + problem);
        });
        return name;
    }
}
