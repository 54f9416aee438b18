package dev.outrider.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Outrider's configuration, as {@link ConfigLoader} resolves it from flags, the environment, the
 * YAML file and the defaults.
 *
 * @param pluginsDir       the plugins folder, if configured
 * @param logSinks         extra log sinks
 * @param logUploadTimeout how long a finished job's log may keep being retried before the agent
 *                         gives up on it (whole seconds, more than 0; default 600 s)
 * @param defaults         the top level's agent keys (what {@code outrider run} uses)
 * @param agents           the agent types {@code outrider start} runs: each entry of the file's
 *                         {@code agents:} list with the keys it does not give taken from
 *                         {@code defaults}; without {@code agents:}, just {@code defaults}
 *                         (Semaphore's single-agent form). Never empty
 * @param statusAddress    where {@code outrider start} serves health, readiness and metrics; empty
 *                         (the default): nowhere
 */
public record OutriderConfig(Optional<Path> pluginsDir, List<LogSinkConfig> logSinks, Duration logUploadTimeout,
                             AgentConfig defaults, List<AgentConfig> agents, Optional<StatusAddress> statusAddress) {

    /** The default log upload timeout. */
    public static final Duration DEFAULT_LOG_UPLOAD_TIMEOUT = Duration.ofSeconds(600);

    /** The configuration when nothing is configured. */
    public static final OutriderConfig DEFAULT = new OutriderConfig(Optional.empty(), List.of(),
            DEFAULT_LOG_UPLOAD_TIMEOUT, AgentConfig.DEFAULT, List.of(AgentConfig.DEFAULT), Optional.empty());

    public OutriderConfig {
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        logSinks = List.copyOf(logSinks);
        Objects.requireNonNull(logUploadTimeout, "logUploadTimeout");
        if (logUploadTimeout.isNegative() || logUploadTimeout.isZero()) {
            throw new IllegalArgumentException("logUploadTimeout must be positive: " + logUploadTimeout);
        }
        Objects.requireNonNull(defaults, "defaults");
        agents = List.copyOf(agents);
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("agents must not be empty");
        }
        Objects.requireNonNull(statusAddress, "statusAddress");
    }
}
