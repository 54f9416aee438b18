package dev.outrider.cli;

import java.nio.file.Path;

/** Where plugins come from when nothing says otherwise. */
final class PluginsDirectory {

    private PluginsDirectory() {
    }

    /**
     * @return {@code plugins/} of the installation ({@code outrider.home}, set by {@code bin/outrider}),
     *         else {@code plugins/} of the working directory
     */
    static Path byDefault() {
        String home = System.getProperty("outrider.home");
        return (home == null || home.isEmpty() ? Path.of("") : Path.of(home)).resolve("plugins").toAbsolutePath();
    }
}
