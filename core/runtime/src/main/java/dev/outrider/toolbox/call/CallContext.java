package dev.outrider.toolbox.call;

import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.config.JobSettings.CacheSettings;
import dev.outrider.event.JobEvents;
import java.util.Objects;
import java.util.Optional;

/**
 * What a toolbox command knows of the job that calls it, besides the call itself.
 *
 * @param jobId     the job's id (for the agent's own log)
 * @param cache     the agent type's cache setting, if any
 * @param artifacts the agent type's artifact store setting, if any
 * @param events    where the job's events go (transfers of toolbox commands)
 */
public record CallContext(String jobId, Optional<CacheSettings> cache, Optional<ArtifactSettings> artifacts,
                          JobEvents events) {
    public CallContext {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(events, "events");
    }

    /** A context whose events nobody watches. */
    public CallContext(String jobId, Optional<CacheSettings> cache, Optional<ArtifactSettings> artifacts) {
        this(jobId, cache, artifacts, JobEvents.unwatched(jobId));
    }

    /** A context without an artifact store setting, whose events nobody watches. */
    public CallContext(String jobId, Optional<CacheSettings> cache) {
        this(jobId, cache, Optional.empty());
    }
}
