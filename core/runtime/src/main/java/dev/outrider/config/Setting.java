package dev.outrider.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One value as a source gave it, before it is read as its key's type.
 *
 * @param origin        where it came from, as errors name it: the file, {@code environment variable
 *                      SEMAPHORE_AGENT_TOKEN} or {@code flag --token}
 * @param path          the key's path as errors name it, e.g. {@code agents[1].env-vars}
 * @param value         the value; text for the environment and flags, any YAML node for the file
 * @param baseDirectory the folder relative paths are resolved against; empty: the working directory
 */
record Setting(String origin, String path, JsonNode value, Optional<Path> baseDirectory) {

    Setting {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
    }

    /** @return {@code origin: 'path'}, the start of every error about this value */
    String where() {
        return origin + ": '" + path + "'";
    }

    /** @return {@code origin: 'path[index]'}, for an element of a list */
    String where(int index) {
        return origin + ": '" + path + "[" + index + "]'";
    }

    /** @return an error about this value: {@code origin: 'path': problem} */
    ConfigException problem(String problem) {
        return new ConfigException(where() + ": " + problem);
    }
}
