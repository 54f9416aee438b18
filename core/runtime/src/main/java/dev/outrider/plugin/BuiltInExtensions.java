package dev.outrider.plugin;

import dev.outrider.spi.LogSinkFactory;
import java.util.List;

/**
 * The extensions the core itself provides, next to those of plugins.
 *
 * @param logSinks the core's log sinks
 */
public record BuiltInExtensions(List<LogSinkFactory> logSinks) {
    public BuiltInExtensions {
        logSinks = List.copyOf(logSinks);
    }
}
