package dev.outrider.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.outrider.job.JobSettings;
import dev.outrider.job.JobSettings.EnvVarSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Outrider's YAML configuration. Keys are those of Semaphore's agent where they mean the
 * same ({@code env-vars}, {@code pre-job-hook-path}, ...); unknown keys are errors, and every error
 * names the key, the bad value and the accepted form.
 */
public final class ConfigLoader {

    static final Set<String> KEYS = new TreeSet<>(List.of("plugins-dir", "executor", "executor-options", "env-vars",
            "pre-job-hook-path", "post-job-hook-path", "fail-on-pre-job-hook-error", "source-pre-job-hook", "log-sinks"));
    private static final Set<String> SINK_KEYS = new TreeSet<>(List.of("type", "options"));
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;

    private ConfigLoader(String source) {
        this.source = source;
    }

    /**
     * @param file a YAML configuration file
     * @return the configuration
     * @throws ConfigException naming the file, key and problem
     */
    public static OutriderConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration file: " + e.getMessage(), e);
        }
        return new ConfigLoader(file.toString()).parse(text, file.toAbsolutePath().getParent());
    }

    private OutriderConfig parse(String text, Path baseDirectory) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return OutriderConfig.DEFAULT;
        }
        if (!root.isObject()) {
            throw new ConfigException(source + ": the configuration must be a map of keys, such as 'env-vars:'");
        }
        checkKeys(root, "", KEYS);
        Optional<Path> pluginsDir = Optional.of(string(root, "plugins-dir"))
                .filter(s -> !s.isEmpty())
                .map(s -> baseDirectory == null ? Path.of(s) : baseDirectory.resolve(s));
        JobSettings job = new JobSettings(envVars(root.get("env-vars")), string(root, "pre-job-hook-path"),
                string(root, "post-job-hook-path"), bool(root, "fail-on-pre-job-hook-error"),
                bool(root, "source-pre-job-hook"));
        return new OutriderConfig(pluginsDir, string(root, "executor"), map(root.get("executor-options"), "executor-options"),
                job, sinks(root.get("log-sinks")));
    }

    private List<EnvVarSetting> envVars(JsonNode node) {
        List<EnvVarSetting> vars = new ArrayList<>();
        for (String entry : strings(node, "env-vars")) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new ConfigException(source + ": 'env-vars[" + vars.size() + "]': '" + redact(entry)
                        + "' is not NAME=VALUE (exactly one '=', as Semaphore's agent accepts)");
            }
            vars.add(new EnvVarSetting(parts[0], parts[1]));
        }
        return vars;
    }

    private List<LogSinkConfig> sinks(JsonNode node) {
        List<LogSinkConfig> sinks = new ArrayList<>();
        if (node == null || node.isNull()) {
            return sinks;
        }
        if (!node.isArray()) {
            throw new ConfigException(source + ": 'log-sinks': must be a list of {type: NAME, options: {...}}");
        }
        for (int i = 0; i < node.size(); i++) {
            String key = "log-sinks[" + i + "]";
            JsonNode sink = node.get(i);
            if (!sink.isObject()) {
                throw new ConfigException(source + ": '" + key + "': must be a map {type: NAME, options: {...}}");
            }
            checkKeys(sink, key + ".", SINK_KEYS);
            String type = string(sink, "type");
            if (type.isEmpty()) {
                throw new ConfigException(source + ": '" + key + ".type': missing; name the sink, e.g. type: event-file");
            }
            sinks.add(new LogSinkConfig(type, map(sink.get("options"), key + ".options")));
        }
        return sinks;
    }

    private Map<String, Object> map(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ConfigException(source + ": '" + key + "': must be a map of options");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> options = YAML.convertValue(node, Map.class);
        return options;
    }

    private List<String> strings(JsonNode node, String key) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new ConfigException(source + ": '" + key + "': must be a list, e.g. " + key + ": [\"A=1\"]");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            if (!value.isValueNode() || value.isNull()) {
                throw new ConfigException(source + ": '" + key + "[" + i + "]': must be a string");
            }
            values.add(value.asText());
        }
        return values;
    }

    private String string(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw new ConfigException(source + ": '" + key + "': must be a string");
        }
        return node.asText();
    }

    private boolean bool(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String text = node.asText();
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        throw new ConfigException(source + ": '" + key + "': '" + text + "' is not a boolean; use true or false");
    }

    private void checkKeys(JsonNode node, String prefix, Set<String> accepted) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!accepted.contains(name)) {
                throw new ConfigException(source + ": '" + prefix + name + "': unknown key; accepted keys: "
                        + String.join(", ", accepted));
            }
        }
    }

    private static String redact(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? entry : entry.substring(0, equals + 1) + "...";
    }
}
