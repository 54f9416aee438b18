package dev.outrider.kubernetes.controller;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Problems the controller meets on every tick (a broken Secret, a refused token, an unreachable
 * endpoint): each is logged when it starts, when its message changes and then every few minutes,
 * not every 10 s; and a line says when it is over.
 */
final class RepeatedProblems {

    static final Duration REPEAT_AFTER = Duration.ofMinutes(5);

    private record Logged(String message, Instant at) {
    }

    private final ControllerLog log;
    private final InstantSource clock;
    private final Map<String, Logged> current = new HashMap<>();

    RepeatedProblems(ControllerLog log, InstantSource clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reports a problem under a key, as an error. */
    void error(String key, String message) {
        report(key, message, true);
    }

    /** Reports a condition worth one line under a key, as information. */
    void info(String key, String message) {
        report(key, message, false);
    }

    /** Ends the problem under the key, if there was one, with a line saying so. */
    void over(String key, String message) {
        if (current.remove(key) != null) {
            log.info(message);
        }
    }

    /** Ends, silently, the problems whose keys start with the prefix but are not among those still present. */
    void forgetOthers(String prefix, Set<String> present) {
        current.keySet().removeIf(key -> key.startsWith(prefix) && !present.contains(key));
    }

    private void report(String key, String message, boolean error) {
        Instant now = clock.instant();
        Logged last = current.get(key);
        if (last != null && last.message.equals(message) && now.isBefore(last.at.plus(REPEAT_AFTER))) {
            return;
        }
        current.put(key, new Logged(message, now));
        if (error) {
            log.error(message);
        } else {
            log.info(message);
        }
    }
}
