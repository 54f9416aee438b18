package dev.outrider.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Facts about the running Outrider, bound by the core: an extension may take it in its
 * constructor.
 *
 * @param version          Outrider's version
 * @param pluginsDirectory the folder plugins were loaded from
 */
public record OutriderInfo(String version, Path pluginsDirectory) {
    public OutriderInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    }
}
