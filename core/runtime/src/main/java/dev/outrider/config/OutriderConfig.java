package dev.outrider.config;

import dev.outrider.job.JobSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Outrider's configuration, as loaded from YAML by {@link ConfigLoader}.
 *
 * @param pluginsDir      the plugins folder, if the file names one
 * @param executor        the executor for jobs that do not ask for one ({@code ""}: follow the job)
 * @param executorOptions options for that executor
 * @param job             what the agent adds to every job (env vars, hooks)
 * @param logSinks        extra log sinks
 */
public record OutriderConfig(Optional<Path> pluginsDir, String executor, Map<String, Object> executorOptions,
                             JobSettings job, List<LogSinkConfig> logSinks) {

    /** The configuration when no file is given. */
    public static final OutriderConfig DEFAULT =
            new OutriderConfig(Optional.empty(), "", Map.of(), JobSettings.NONE, List.of());

    public OutriderConfig {
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(executor, "executor");
        executorOptions = Map.copyOf(executorOptions);
        Objects.requireNonNull(job, "job");
        logSinks = List.copyOf(logSinks);
    }
}
