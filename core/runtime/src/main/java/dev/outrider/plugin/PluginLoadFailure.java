package dev.outrider.plugin;

import java.nio.file.Path;

/**
 * A plugin that could not be loaded, started or asked for its extensions.
 *
 * @param file   the plugin's file or folder in the plugins folder
 * @param reason what went wrong
 */
public record PluginLoadFailure(Path file, String reason) {

    @Override
    public String toString() {
        return "plugin '" + file.getFileName() + "' (" + file + "): " + reason;
    }
}
