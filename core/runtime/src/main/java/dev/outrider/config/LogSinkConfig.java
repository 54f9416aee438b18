package dev.outrider.config;

import java.util.Map;
import java.util.Objects;

/**
 * A log sink to enable.
 *
 * @param type    the sink's name, as a plugin (or the core) provides it
 * @param options its options
 */
public record LogSinkConfig(String type, Map<String, Object> options) {
    public LogSinkConfig {
        Objects.requireNonNull(type, "type");
        options = Map.copyOf(options);
    }
}
