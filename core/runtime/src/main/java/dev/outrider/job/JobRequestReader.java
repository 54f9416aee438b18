package dev.outrider.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.Callbacks;
import dev.outrider.protocol.JobRequest.Command;
import dev.outrider.protocol.JobRequest.Compose;
import dev.outrider.protocol.JobRequest.Container;
import dev.outrider.protocol.JobRequest.EnvVar;
import dev.outrider.protocol.JobRequest.ImagePullCredentials;
import dev.outrider.protocol.JobRequest.JobFile;
import dev.outrider.protocol.JobRequest.LogTarget;
import dev.outrider.yaml.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads job requests (job.md §1) from JSON or YAML. Types are checked field by field, and every
 * error names the field as {@code env_vars[2].value}. {@code null} stands for a missing value.
 *
 * <p>In strict mode (local job files) unknown and duplicate keys are errors, since they are most
 * likely typos; the control plane's JSON is read leniently, as Semaphore's agent reads it. YAML is
 * read as the configuration is ({@link YamlTree}: aliases resolved, within limits), up to
 * {@value #MAX_YAML_CHARACTERS} characters.
 */
public final class JobRequestReader {

    /** How long a YAML job file may be: 64 Mi characters, room for values of tens of MB. */
    static final int MAX_YAML_CHARACTERS = 64 * 1024 * 1024;
    /**
     * What a YAML job file may hold: as a configuration's nesting, up to 100 aliases of lists or maps,
     * and no bound on values beyond the length (aliases still copy at most {@value YamlTree#MAX_ALIAS_VALUES}).
     */
    private static final YamlTree.Limits YAML_LIMITS = new YamlTree.Limits(MAX_YAML_CHARACTERS,
            YamlTree.Limits.CONFIG.depth(), 100, Integer.MAX_VALUE);

    private static final ObjectReader JSON = new JsonMapper().reader();
    private static final ObjectReader STRICT_JSON = JSON.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> REQUEST_KEYS = Set.of("job_id", "executor", "compose", "commands",
            "epilogue_always_commands", "epilogue_on_pass_commands", "epilogue_on_fail_commands", "env_vars",
            "files", "ssh_public_keys", "callbacks", "logger");
    private static final Set<String> COMMAND_KEYS = Set.of("directive", "alias");
    private static final Set<String> ENV_VAR_KEYS = Set.of("name", "value");
    private static final Set<String> FILE_KEYS = Set.of("path", "content", "mode");
    private static final Set<String> COMPOSE_KEYS = Set.of("containers", "image_pull_credentials", "host_setup_commands");
    private static final Set<String> CONTAINER_KEYS = Set.of("name", "image", "command", "entrypoint", "user", "env_vars");
    private static final Set<String> CREDENTIALS_KEYS = Set.of("env_vars", "files");
    private static final Set<String> CALLBACKS_KEYS = Set.of("finished", "teardown_finished", "token");
    private static final Set<String> LOGGER_KEYS = Set.of("method", "url", "token", "max_size_in_bytes");

    private final String source;
    private final boolean strict;

    private JobRequestReader(String source, boolean strict) {
        this.source = source;
        this.strict = strict;
    }

    /**
     * Reads a local job file, strictly: YAML for {@code .yml}/{@code .yaml}, else JSON (YAML reads
     * JSON too, so either works for other names).
     *
     * @throws InvalidJobException naming the file and the field
     */
    public static JobRequest readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidJobException(file + ": no such job file");
        } catch (IOException e) {
            throw new InvalidJobException(file + ": cannot read the job file: " + e.getMessage(), e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JobRequestReader reader = new JobRequestReader(file.toString(), true);
        return reader.read(name.endsWith(".json") ? reader.json(text, STRICT_JSON) : reader.yaml(text));
    }

    /**
     * Reads the control plane's job JSON, leniently (unknown keys are ignored).
     *
     * @throws InvalidJobException naming the field
     */
    public static JobRequest readProtocolJson(String json, String source) {
        JobRequestReader reader = new JobRequestReader(source, false);
        return reader.read(reader.json(json, JSON));
    }

    private JsonNode json(String text, ObjectReader json) {
        try (JsonParser parser = json.createParser(text)) {
            JsonNode root = json.readTree(parser);
            // as Go's json.Unmarshal, nothing may follow the request: a second object is no part of it
            if (root != null && parser.nextToken() != null) {
                throw new InvalidJobException(source + ": not valid JSON: '" + parser.getText()
                        + "' after the end of the request" + location(parser.currentTokenLocation()));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidJobException(source + ": not valid JSON: " + e.getOriginalMessage() + location(e.getLocation()), e);
        } catch (IOException e) { // reading a String does not fail otherwise
            throw new InvalidJobException(source + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private JsonNode yaml(String text) {
        try {
            return YamlTree.parse(text, YAML_LIMITS);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(source + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private JobRequest read(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            if (strict) {
                throw new InvalidJobException(source + ": the job file is empty; it needs at least 'commands'");
            }
            throw error("(top level)", "must be an object with the job, got "
                    + (root != null && root.isNull() ? "null" : "an empty body"));
        }
        requireObject(root, "", REQUEST_KEYS);
        if (strict && !root.has("commands")) {
            throw error("commands", "missing; give the job's commands as a list, e.g. "
                    + "commands: [{directive: \"make test\"}] (an empty list is allowed)");
        }
        return new JobRequest(
                string(root, "job_id", ""),
                string(root, "executor", ""),
                compose(root.get("compose"), "compose"),
                list(root, "commands", "", this::command),
                list(root, "epilogue_always_commands", "", this::command),
                list(root, "epilogue_on_pass_commands", "", this::command),
                list(root, "epilogue_on_fail_commands", "", this::command),
                list(root, "env_vars", "", this::envVar),
                list(root, "files", "", this::file),
                list(root, "ssh_public_keys", "", (node, path) -> stringValue(node, path)),
                callbacks(root.get("callbacks"), "callbacks"),
                logger(root.get("logger"), "logger"));
    }

    private Command command(JsonNode node, String path) {
        if (node.isTextual()) {
            return new Command(node.asText(), "");
        }
        requireObject(node, path, COMMAND_KEYS);
        return new Command(string(node, "directive", path), string(node, "alias", path));
    }

    private EnvVar envVar(JsonNode node, String path) {
        requireObject(node, path, ENV_VAR_KEYS);
        return new EnvVar(string(node, "name", path), string(node, "value", path));
    }

    private JobFile file(JsonNode node, String path) {
        requireObject(node, path, FILE_KEYS);
        return new JobFile(string(node, "path", path), string(node, "content", path), string(node, "mode", path));
    }

    private Compose compose(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Compose.NONE;
        }
        requireObject(node, path, COMPOSE_KEYS);
        return new Compose(
                list(node, "containers", path, this::container),
                list(node, "image_pull_credentials", path, this::credentials),
                list(node, "host_setup_commands", path, this::command));
    }

    private Container container(JsonNode node, String path) {
        requireObject(node, path, CONTAINER_KEYS);
        return new Container(string(node, "name", path), string(node, "image", path), string(node, "command", path),
                string(node, "entrypoint", path), string(node, "user", path), list(node, "env_vars", path, this::envVar));
    }

    private ImagePullCredentials credentials(JsonNode node, String path) {
        requireObject(node, path, CREDENTIALS_KEYS);
        return new ImagePullCredentials(list(node, "env_vars", path, this::envVar), list(node, "files", path, this::file));
    }

    private Callbacks callbacks(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Callbacks.NONE;
        }
        requireObject(node, path, CALLBACKS_KEYS);
        return new Callbacks(string(node, "finished", path), string(node, "teardown_finished", path),
                string(node, "token", path));
    }

    private LogTarget logger(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return LogTarget.NONE;
        }
        requireObject(node, path, LOGGER_KEYS);
        JsonNode size = node.get("max_size_in_bytes");
        long maxSize = 0;
        if (size != null && !size.isNull()) {
            if (!size.canConvertToLong() || !size.isIntegralNumber()) {
                throw error(join(path, "max_size_in_bytes"), "must be a whole number of bytes, got " + describe(size));
            }
            maxSize = size.asLong();
        }
        return new LogTarget(string(node, "method", path), string(node, "url", path), string(node, "token", path), maxSize);
    }

    private <T> List<T> list(JsonNode parent, String key, String parentPath,
                             BiFunction<JsonNode, String, T> element) {
        String path = join(parentPath, key);
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path, "must be a list, got " + describe(node));
        }
        List<T> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(element.apply(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    private String string(JsonNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return "";
        }
        return stringValue(node, join(parentPath, key));
    }

    private String stringValue(JsonNode node, String path) {
        if (!node.isValueNode() || node.isNull()) {
            throw error(path, "must be a string, got " + describe(node));
        }
        if (node.isNumber()) {
            // YAML reads 0644 as a number (and the user would not recognise its value): ask for quotes
            throw error(path, "must be a string, got an unquoted number; quote it, e.g. \"0644\"");
        }
        if (!node.isTextual()) {
            throw error(path, "must be a string, got " + describe(node) + "; quote the value in the file");
        }
        return node.asText();
    }

    private void requireObject(JsonNode node, String path, Set<String> keys) {
        if (!node.isObject()) {
            throw error(path.isEmpty() ? "(top level)" : path, "must be an object, got " + describe(node));
        }
        if (strict) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!keys.contains(name)) {
                    throw error(join(path, name), "unknown key; expected one of " + keys.stream().sorted().toList());
                }
            }
        }
    }

    private InvalidJobException error(String path, String problem) {
        return new InvalidJobException(source + ": " + path + ": " + problem);
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "the string '" + node.asText() + "'";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
    }

    private static String location(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
