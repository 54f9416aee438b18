package dev.outrider.plugin;

import dev.outrider.spi.ArtifactStoreFactory;
import dev.outrider.spi.LogSinkFactory;
import java.util.List;

/**
 * The extensions the core itself provides, next to those of plugins.
 *
 * @param logSinks       the core's log sinks
 * @param artifactStores the core's artifact stores
 */
public record BuiltInExtensions(List<LogSinkFactory> logSinks, List<ArtifactStoreFactory> artifactStores) {
    public BuiltInExtensions {
        logSinks = List.copyOf(logSinks);
        artifactStores = List.copyOf(artifactStores);
    }

    /** The core's log sinks, and no artifact store. */
    public BuiltInExtensions(List<LogSinkFactory> logSinks) {
        this(logSinks, List.of());
    }
}
