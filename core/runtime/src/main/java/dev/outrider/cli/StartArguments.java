package dev.outrider.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code outrider start} was given on its command line.
 *
 * @param flags      the configuration flags given, by key, as {@link StartFlags#given()} describes them
 * @param configFile the configuration file named by {@code --config-file}, if one is
 */
record StartArguments(Map<String, Object> flags, Optional<Path> configFile) {

    /** The flag that names the configuration file: not a configuration key itself. */
    static final String CONFIG_FILE = "config-file";

    StartArguments {
        flags = Map.copyOf(flags);
    }
}
