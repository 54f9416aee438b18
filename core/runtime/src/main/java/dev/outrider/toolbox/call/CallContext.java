package dev.outrider.toolbox.call;

import dev.outrider.job.JobSettings.CacheSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * What a toolbox command knows of the job that calls it, besides the call itself.
 *
 * @param jobId the job's id (for the agent's own log)
 * @param cache the agent type's cache setting, if any
 */
public record CallContext(String jobId, Optional<CacheSettings> cache) {
    public CallContext {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(cache, "cache");
    }
}
