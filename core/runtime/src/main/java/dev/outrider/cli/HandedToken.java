package dev.outrider.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The registration token as bin/outrider hands it over: not in the environment or the arguments,
 * where /proc/&lt;pid&gt;/environ and cmdline would show it to jobs and ps to other users for the
 * agent's whole life, but through a pipe on an inherited descriptor
 * ({@code -Doutrider.token.fd=3}), read once at start, and whether it came from
 * {@code SEMAPHORE_AGENT_TOKEN} or {@code --token} ({@code -Doutrider.token.source}), so that it
 * keeps its place in the precedence of flags over the environment.
 *
 * @param token    the token
 * @param fromFlag whether it was given as {@code --token} (else as {@code SEMAPHORE_AGENT_TOKEN})
 */
record HandedToken(String token, boolean fromFlag) {

    static final String FD_PROPERTY = "outrider.token.fd";
    static final String SOURCE_PROPERTY = "outrider.token.source";
    static final String VARIABLE = "SEMAPHORE_AGENT_TOKEN";

    /**
     * @return the token the launcher handed over, if it did
     * @throws IllegalStateException naming the descriptor when it cannot be read
     */
    static Optional<HandedToken> fromLauncher() {
        String fd = System.getProperty(FD_PROPERTY);
        if (fd == null || fd.isBlank()) {
            return Optional.empty();
        }
        Path pipe = Path.of("/proc/self/fd", fd.strip());
        try (InputStream in = Files.newInputStream(pipe)) {
            String token = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return Optional.of(new HandedToken(token, "flag".equals(System.getProperty(SOURCE_PROPERTY))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the token bin/outrider handed over on descriptor " + fd
                    + " (" + e.getMessage() + "); start the agent through bin/outrider, or leave out -D"
                    + FD_PROPERTY, e);
        }
    }

    /** Puts the token where it came from: the flags or the environment given to the configuration. */
    void putInto(Map<String, Object> flags, Map<String, String> environment) {
        if (fromFlag) {
            flags.put("token", token);
        } else {
            environment.put(VARIABLE, token);
        }
    }

    @Override
    public String toString() {
        return "HandedToken[token=<redacted>, fromFlag=" + fromFlag + "]";
    }
}
