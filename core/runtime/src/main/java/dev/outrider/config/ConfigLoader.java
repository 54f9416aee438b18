package dev.outrider.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outrider.yaml.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Resolves Outrider's configuration from, highest first, command-line flags, environment
 * variables, the YAML file and the defaults (protocol.md §12.1).
 *
 * <p>The keys are Semaphore's agent keys (protocol.md §12.2), meaning what they mean there, plus
 * Outrider's: {@code plugins-dir}, {@code log-sinks}, {@code log-upload-timeout} and {@code agents}
 * (top level only), {@code executor}, {@code executor-options}, {@code count} and {@code ca-file}
 * (top level or an {@code agents:} entry) and {@code label} (entries only). A Semaphore agent's
 * configuration file is a valid Outrider file.
 *
 * <p>Flags and environment variables give top-level values only; an {@code agents:} entry takes
 * each key it does not give from the top level, and a key it does give replaces the top level's
 * value whatever its source (lists and maps are replaced, not merged). The environment gives
 * Semaphore's keys as {@code SEMAPHORE_AGENT_<KEY>} and Outrider's scalar keys as
 * {@code OUTRIDER_<KEY>} (upper case, {@code -} as {@code _}); lists are split on whitespace, an
 * empty variable counts as unset, and other variables are ignored. Unknown keys in the file are
 * errors; every error names the source, the key, the bad value and the accepted form.
 */
public final class ConfigLoader {

    /** What the configuration is for. */
    public enum Mode {
        /** {@code outrider run}: one local job; no control plane, so no endpoint or token needed. */
        RUN,
        /** {@code outrider start}: agents for a control plane; checks what that needs, as {@code agent start} does. */
        START
    }

    private static final Set<String> SINK_KEYS = new TreeSet<>(List.of("type", "options"));
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final String origin;
    private final Optional<Path> baseDirectory;

    private ConfigLoader(String origin, Optional<Path> baseDirectory) {
        this.origin = origin;
        this.baseDirectory = baseDirectory;
    }

    /**
     * Reads a file alone, for {@code outrider run --config FILE}: no environment, no flags.
     *
     * @param file a YAML configuration file
     * @return the configuration
     * @throws ConfigException naming the file, key and problem
     */
    public static OutriderConfig load(Path file) {
        return load(Optional.of(file), Map.of(), Map.of(), Mode.RUN);
    }

    /**
     * @param file        the YAML configuration file ({@code --config-file}), if any
     * @param environment the process environment; only the variables of configuration keys are read
     * @param flags       the command-line flags given, by key ({@code "no-https"}, not
     *                    {@code "--no-https"}): a {@code String} for a scalar (booleans as
     *                    {@code "true"}/{@code "false"}), a {@code List<String>} for a list; see
     *                    {@code StartFlags}
     * @param mode        what the configuration is for
     * @return the configuration
     * @throws ConfigException naming the source, key and problem
     */
    public static OutriderConfig load(Optional<Path> file, Map<String, String> environment, Map<String, Object> flags,
                                      Mode mode) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(mode, "mode");
        ConfigLoader loader = new ConfigLoader(file.map(Path::toString).orElse("configuration"),
                file.map(f -> f.toAbsolutePath().getParent()));
        JsonNode root = file.map(ConfigLoader::read).map(loader::parse).orElseGet(JsonNodeFactory.instance::objectNode);
        return loader.resolve(root, environment, flags, mode);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration file: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String text) {
        JsonNode root;
        try {
            root = YamlTree.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(origin + ": the configuration must be a map of keys, such as 'env-vars:'");
        }
        return root;
    }

    private OutriderConfig resolve(JsonNode root, Map<String, String> environment, Map<String, Object> flags,
                                   Mode mode) {
        checkKeys(root, "", ConfigKey.topLevelKeys());
        Map<ConfigKey, Setting> top = new EnumMap<>(ConfigKey.class);
        top.putAll(fileSettings(root, ""));
        top.putAll(environmentSettings(environment));
        top.putAll(flagSettings(flags));

        Optional<Path> pluginsDir = Optional.ofNullable(top.get(ConfigKey.PLUGINS_DIR))
                .filter(setting -> !Values.string(setting).isEmpty())
                .map(Values::path);
        Duration logUploadTimeout = Optional.ofNullable(top.get(ConfigKey.LOG_UPLOAD_TIMEOUT))
                .map(setting -> Duration.ofSeconds(Values.integer(setting, 1, "a whole number of seconds, 1 or more")))
                .orElse(OutriderConfig.DEFAULT_LOG_UPLOAD_TIMEOUT);
        Optional<StatusAddress> statusAddress = Optional.ofNullable(top.get(ConfigKey.STATUS_ADDRESS))
                .filter(setting -> !Values.string(setting).isBlank())
                .map(StatusAddress::read);
        List<LogSinkConfig> sinks = sinks(root.get(ConfigKey.LOG_SINKS.key()));
        AgentConfig defaults = AgentReader.read(AgentConfig.TOP_LEVEL_LABEL, top);

        List<StartRules.AgentType> types = new ArrayList<>();
        JsonNode entries = root.get(ConfigKey.AGENTS.key());
        if (entries == null || entries.isNull()) {
            types.add(new StartRules.AgentType(defaults, origin, "", false));
        } else {
            types.addAll(agentTypes(entries, top));
        }
        if (mode == Mode.START) {
            StartRules.check(types, environment);
        }
        return new OutriderConfig(pluginsDir, sinks, logUploadTimeout, defaults,
                types.stream().map(StartRules.AgentType::agent).toList(), statusAddress);
    }

    private List<StartRules.AgentType> agentTypes(JsonNode entries, Map<ConfigKey, Setting> top) {
        if (!entries.isArray() || entries.isEmpty()) {
            throw new ConfigException(origin + ": 'agents': must be a list of agent types, each a map of keys such as"
                    + " {label: docker, executor: docker, count: 2}; leave 'agents' out to run one agent type"
                    + " from the top-level keys");
        }
        List<StartRules.AgentType> types = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String prefix = "agents[" + i + "].";
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw new ConfigException(origin + ": 'agents[" + i + "]': must be a map of keys, such as"
                        + " {executor: docker, count: 2}");
            }
            checkKeys(entry, prefix, ConfigKey.entryKeys());
            Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
            settings.putAll(top);
            settings.putAll(fileSettings(entry, prefix));
            Setting labelSetting = settings.remove(ConfigKey.LABEL);
            String label = labelSetting == null ? "agents[" + i + "]" : Values.string(labelSetting).strip();
            if (label.isEmpty()) {
                throw labelSetting.problem("must not be empty; give a name for the logs, such as 'docker-builders'");
            }
            if (!labels.add(label)) {
                throw new ConfigException(origin + ": '" + prefix + "label': '" + label
                        + "' is the label of an earlier entry too; give each agent type its own label");
            }
            types.add(new StartRules.AgentType(AgentReader.read(label, settings), origin, prefix, labelSetting != null));
        }
        return types;
    }

    private Map<ConfigKey, Setting> fileSettings(JsonNode node, String prefix) {
        Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            ConfigKey key = ConfigKey.of(field.getKey()).orElseThrow();
            if (key != ConfigKey.LOG_SINKS && key != ConfigKey.AGENTS && !field.getValue().isNull()) {
                settings.put(key, new Setting(origin, prefix + key.key(), field.getValue(), baseDirectory));
            }
        }
        return settings;
    }

    private static Map<ConfigKey, Setting> environmentSettings(Map<String, String> environment) {
        Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            Optional<String> variable = key.environmentVariable();
            String value = variable.map(environment::get).orElse(null);
            if (value == null || value.isEmpty()) {
                continue; // as Semaphore's agent (viper) does, an empty variable is unset
            }
            JsonNode node;
            if (key.isList()) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                String stripped = value.strip();
                if (!stripped.isEmpty()) {
                    WHITESPACE.splitAsStream(stripped).forEach(list::add);
                }
                node = list;
            } else {
                node = TextNode.valueOf(value);
            }
            settings.put(key, new Setting("environment variable " + variable.orElseThrow(), key.key(), node,
                    Optional.empty()));
        }
        return settings;
    }

    private static Map<ConfigKey, Setting> flagSettings(Map<String, Object> flags) {
        Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<String, Object> flag : flags.entrySet()) {
            ConfigKey key = ConfigKey.of(flag.getKey()).filter(ConfigKey::isFlag).orElseThrow(() ->
                    new ConfigException("flag --" + flag.getKey() + ": unknown; accepted flags: --"
                            + String.join(", --", ConfigKey.flagKeys())));
            if (flag.getValue() == null) {
                continue;
            }
            JsonNode node;
            if (flag.getValue() instanceof List<?> values) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                values.forEach(value -> list.add(String.valueOf(value)));
                node = list;
            } else if (key.isList()) {
                node = JsonNodeFactory.instance.arrayNode().add(String.valueOf(flag.getValue()));
            } else {
                node = TextNode.valueOf(String.valueOf(flag.getValue()));
            }
            settings.put(key, new Setting("flag --" + key.key(), key.key(), node, Optional.empty()));
        }
        return settings;
    }

    private List<LogSinkConfig> sinks(JsonNode node) {
        List<LogSinkConfig> sinks = new ArrayList<>();
        if (node == null || node.isNull()) {
            return sinks;
        }
        if (!node.isArray()) {
            throw new ConfigException(origin + ": 'log-sinks': must be a list of {type: NAME, options: {...}}");
        }
        for (int i = 0; i < node.size(); i++) {
            String key = "log-sinks[" + i + "]";
            JsonNode sink = node.get(i);
            if (!sink.isObject()) {
                throw new ConfigException(origin + ": '" + key + "': must be a map {type: NAME, options: {...}}");
            }
            checkKeys(sink, key + ".", SINK_KEYS);
            JsonNode type = sink.get("type");
            String name = type == null || type.isNull() ? "" : Values.string(setting(key + ".type", type));
            if (name.isEmpty()) {
                throw new ConfigException(origin + ": '" + key + ".type': missing; name the sink, e.g. type: event-file");
            }
            JsonNode options = sink.get("options");
            sinks.add(new LogSinkConfig(name, options == null || options.isNull() ? Map.of()
                    : Values.map(setting(key + ".options", options), "options")));
        }
        return sinks;
    }

    private Setting setting(String path, JsonNode value) {
        return new Setting(origin, path, value, baseDirectory);
    }

    private void checkKeys(JsonNode node, String prefix, Set<String> accepted) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (accepted.contains(name)) {
                continue;
            }
            String where = origin + ": '" + prefix + name + "': ";
            if (name.equals("config-file") && accepted != SINK_KEYS) {
                throw new ConfigException(where + "not accepted in the configuration file; give the file with"
                        + " --config-file on the command line");
            }
            Optional<ConfigKey> key = accepted == SINK_KEYS ? Optional.empty() : ConfigKey.of(name);
            if (key.isPresent() && !key.get().isEntryLevel()) {
                throw new ConfigException(where + "accepted at the top level only, not in an entry of 'agents'");
            }
            if (key.isPresent() && !key.get().isTopLevel()) {
                throw new ConfigException(where + "accepted in an entry of 'agents' only, not at the top level");
            }
            throw new ConfigException(where + "unknown key; accepted keys: " + String.join(", ", accepted));
        }
    }
}
