package dev.outrider.s3cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AWS's shared files, {@code ~/.aws/credentials} and {@code ~/.aws/config}, found as AWS's tools find
 * them ({@code AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_CONFIG_FILE}, else under {@code HOME}), and
 * read as the INI files they are: {@code [name]} sections of {@code key = value} lines.
 */
final class AwsSharedFiles {

    private final Map<String, String> environment;

    AwsSharedFiles(Map<String, String> environment) {
        this.environment = environment;
    }

    Path credentialsFile() {
        return locate("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    }

    Path configFile() {
        return locate("AWS_CONFIG_FILE", "config");
    }

    /** The profile AWS's tools use when none is named: {@code AWS_PROFILE}, else {@code default}. */
    String defaultProfile() {
        return environment.getOrDefault("AWS_PROFILE", "").isBlank() ? "default" : environment.get("AWS_PROFILE").strip();
    }

    /**
     * @return the region of a profile in the config file ({@code [default]} or {@code [profile NAME]});
     *         empty when the file, the profile or its region is missing
     */
    Optional<String> configuredRegion(String profile) {
        String section = profile.equals("default") ? "default" : "profile " + profile;
        try {
            return Optional.ofNullable(sections(configFile()).getOrDefault(section, Map.of()).get("region"))
                    .filter(region -> !region.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @return the sections of an INI file, in file order, each a map of its keys
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException         when it cannot be read
     */
    static Map<String, Map<String, String>> sections(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                current = sections.computeIfAbsent(trimmed.substring(1, trimmed.length() - 1).strip(),
                        name -> new HashMap<>());
            } else if (current != null && trimmed.contains("=")) {
                int equals = trimmed.indexOf('=');
                current.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
            }
        }
        return sections;
    }

    private Path locate(String variable, String name) {
        String named = environment.getOrDefault(variable, "");
        if (!named.isBlank()) {
            return Path.of(named.strip());
        }
        String home = environment.getOrDefault("HOME", "");
        return Path.of(home.isBlank() ? System.getProperty("user.home") : home, ".aws", name);
    }
}
