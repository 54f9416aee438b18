package dev.outrider.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Configuration files for {@code outrider start}, valid and broken, with what reading them must give
 * ({@link ConfigCase}): a valid file (Semaphore's keys, Outrider's, {@code agents:} entries, executor options,
 * {@code cache:}/{@code artifacts:}, log sinks) as it is, or with one change: a value of the wrong type or out
 * of range, any text for a key, an unknown key, a key at the wrong level, a required key missing, a
 * duplicate key, YAML that a configuration does not use (tags, complex keys, merge keys, aliases, a second
 * document, deep nesting, a megabyte), or text that is no YAML.
 */
final class ConfigFiles {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final List<String> BOOLEANS = List.of("no-https", "disconnect-after-job", "fail-on-missing-files",
            "fail-on-pre-job-hook-error", "source-pre-job-hook");
    private static final List<String> TEXTS = List.of("shutdown-hook-path", "pre-job-hook-path", "post-job-hook-path",
            "executor", "token");
    private static final List<String> COUNTS = List.of("disconnect-after-idle-timeout", "count");
    private static final List<String> LISTS = List.of("env-vars", "files");
    private static final List<String> MAPS = List.of("executor-options", "cache", "artifacts");

    private ConfigFiles() {
    }

    /**
     * A file's text and what reading it must give.
     *
     * @param yaml     the file's text
     * @param change   how it was made from a valid file
     * @param expected what {@code outrider start} must make of it
     */
    record ConfigCase(String yaml, String change, Expected expected) {
        @Override
        public String toString() { // what jqwik reports of a failing sample; files can be megabytes
            return change + " -> " + expected + ":\n" + (yaml.length() > 3000 ? yaml.substring(0, 3000) + "…" : yaml);
        }
    }

    /**
     * What reading a file must give.
     *
     * @param refused  whether the file must be refused ({@code false}: taken, or refused naming {@code key})
     * @param accepted whether the file must be taken
     * @param key      the key a refusal names, e.g. {@code agents[1].count}; {@code ""} for the file alone
     */
    record Expected(boolean refused, boolean accepted, String key) {
        static Expected taken() {
            return new Expected(false, true, "");
        }

        static Expected refused(String key) {
            return new Expected(true, false, key);
        }

        static Expected takenOrRefused(String key) {
            return new Expected(false, false, key);
        }
    }

    /** A valid configuration: its top level, and the {@code agents:} entries if any. */
    record Valid(ObjectNode top, List<ObjectNode> entries) {
        ObjectNode tree() {
            ObjectNode root = top.deepCopy();
            if (!entries.isEmpty()) {
                ArrayNode list = root.putArray("agents");
                entries.forEach(entry -> list.add(entry.deepCopy()));
            }
            return root;
        }
    }

    static Arbitrary<ConfigCase> cases() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(20);
        return Arbitraries.frequencyOf(
                Tuple.of(4, valid().map(v -> new ConfigCase(yaml(v.tree()), "as generated", Expected.taken()))),
                Tuple.of(5, Combinators.combine(valid(), pick, pick).as(ConfigFiles::wrongValue)),
                Tuple.of(3, Combinators.combine(valid(), pick, anyText).as(ConfigFiles::anyTextFor)),
                Tuple.of(2, Combinators.combine(valid(), pick, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10))
                        .as(ConfigFiles::unknownKey)),
                Tuple.of(1, Combinators.combine(valid(), pick).as(ConfigFiles::wrongLevel)),
                Tuple.of(1, Combinators.combine(valid(), Arbitraries.of("endpoint", "token")).as(ConfigFiles::missing)),
                Tuple.of(1, Combinators.combine(valid(), pick).as(ConfigFiles::duplicate)),
                Tuple.of(2, Combinators.combine(valid(), pick, Arbitraries.of("key: [unclosed", "\tindented: x", "a: b: c",
                        "- item", "'unterminated", "{flow: ", "k: \"\\q\"", "&a x: *b")).as(ConfigFiles::noYaml)),
                Tuple.of(2, Combinators.combine(valid(), Arbitraries.of(
                        "token: !!binary aGVsbG8=", "? [a, b]\n: c", "<<: {count: 2}", "executor: !custom shell",
                        "executor: *nowhere", "1: x", "null: x", "true: x", "executor-options: {a: &x [1], b: *x}",
                        "executor-options: " + "{a: ".repeat(60) + "1" + "}".repeat(60),
                        "env-vars: [" + "\"A=b\", ".repeat(20_000) + "\"A=b\"]",
                        "token: \"" + "x".repeat(1_100_000) + "\"", "\u0000: x", "\uFEFFtoken: x", "--- \nsecond: document"))
                        .as((v, line) -> new ConfigCase(yaml(v.tree()) + line + "\n", "appended " + abbreviated(line),
                                Expected.takenOrRefused("")))),
                Tuple.of(1, Combinators.combine(valid(), pick).as((v, at) -> {
                    String text = yaml(v.tree());
                    int end = at % text.length();
                    return new ConfigCase(text.substring(0, end), "cut after " + end + " characters",
                            Expected.takenOrRefused(""));
                })));
    }

    static Arbitrary<Valid> valid() {
        Arbitrary<ObjectNode> top = keys(true);
        Arbitrary<List<ObjectNode>> entries = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(List.<ObjectNode>of())),
                Tuple.of(1, keys(false).list().ofMinSize(1).ofMaxSize(3)));
        return Combinators.combine(top, entries).as((t, e) -> {
            List<ObjectNode> labelled = new ArrayList<>();
            for (int i = 0; i < e.size(); i++) {
                labelled.add(e.get(i).deepCopy().put("label", "type-" + i));
            }
            return new Valid(t, labelled);
        });
    }

    /** Valid keys of the top level (endpoint, token and Outrider's top-level keys among them) or of an entry. */
    private static Arbitrary<ObjectNode> keys(boolean topLevel) {
        Map<String, Arbitrary<JsonNode>> optional = new LinkedHashMap<>();
        Arbitrary<JsonNode> bool = Arbitraries.of(true, false, "true", "false", "1", "0", "t", "F", "TRUE", "False")
                .map(ConfigFiles::node);
        BOOLEANS.stream().filter(k -> !k.equals("no-https")).forEach(k -> optional.put(k, bool));
        Arbitrary<JsonNode> text = Arbitraries.strings().withCharRange(' ', '~').withCharRange('à', 'ÿ').ofMaxLength(20)
                .map(NODES::textNode);
        List.of("shutdown-hook-path", "pre-job-hook-path", "post-job-hook-path").forEach(k -> optional.put(k, text));
        optional.put("disconnect-after-idle-timeout", Arbitraries.integers().between(0, 100_000).map(ConfigFiles::numberOrText));
        optional.put("interruption-grace-period", Arbitraries.integers().between(-1000, 1000).map(ConfigFiles::numberOrText));
        optional.put("env-vars", Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().withCharRange(' ', '<').withCharRange('>', '~').ofMaxLength(12))
                .as((n, v) -> n + "=" + v).list().ofMaxSize(3).map(ConfigFiles::textList));
        optional.put("files", Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8))
                .as((h, d) -> "/host/" + h + ":/dest/" + d).list().ofMaxSize(2).map(ConfigFiles::textList));
        optional.put("upload-job-logs", Arbitraries.of("never", "always", "when-trimmed").map(NODES::textNode));
        optional.put("executor", Arbitraries.of("shell", "docker", "auto", "", "my-plugin").map(NODES::textNode));
        optional.put("executor-options", Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(NODES::textNode),
                        Arbitraries.integers().map(NODES::numberNode), Arbitraries.just(NODES.booleanNode(true))))
                .ofMaxSize(3).map(map -> {
                    ObjectNode options = NODES.objectNode();
                    map.forEach(options::set);
                    return options;
                }));
        optional.put("count", Arbitraries.integers().between(1, AgentConfig.MAX_COUNT).map(ConfigFiles::numberOrText));
        optional.put("cache", Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(bucket -> {
            ObjectNode cache = NODES.objectNode().put("backend", "s3");
            cache.putObject("options").put("bucket", bucket).put("endpoint", "http://127.0.0.1:9000");
            return cache;
        }));
        optional.put("artifacts", Arbitraries.of("local", "s3").map(store -> {
            ObjectNode artifacts = NODES.objectNode().put("store", store);
            artifacts.putObject("options").put("path", "/var/lib/outrider/artifacts");
            return artifacts;
        }));
        if (topLevel) {
            optional.put("no-https", bool);
            optional.put("plugins-dir", text);
            optional.put("log-upload-timeout", Arbitraries.integers().between(1, 3600).map(ConfigFiles::numberOrText));
            optional.put("status-address", Arbitraries.of("127.0.0.1:9464", "0.0.0.0:9100", "localhost:1").map(NODES::textNode));
            optional.put("log-sinks", Arbitraries.of("event-file", "console").map(type -> {
                ObjectNode sink = NODES.objectNode().put("type", type);
                sink.putObject("options").put("path", "/tmp/events.ndjson");
                return (JsonNode) NODES.arrayNode().add(sink);
            }));
        }
        List<String> names = new ArrayList<>(optional.keySet());
        List<Arbitrary<JsonNode>> values = names.stream().map(optional::get).toList();
        Arbitrary<List<Boolean>> present = Arbitraries.of(true, false).list().ofSize(names.size());
        Arbitrary<List<JsonNode>> chosen = Combinators.combine(values).as(List::copyOf);
        Arbitrary<String> endpoint = Arbitraries.of("ci.example.com", "127.0.0.1:8080", "my-org.semaphoreci.com:443", "[::1]:8080");
        Arbitrary<String> token = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40);
        return Combinators.combine(present, chosen, endpoint, token).as((given, nodes, host, secret) -> {
            ObjectNode keys = NODES.objectNode();
            if (topLevel) {
                keys.put("endpoint", host);
                keys.put("token", secret);
            }
            for (int i = 0; i < names.size(); i++) {
                if (given.get(i)) {
                    keys.set(names.get(i), nodes.get(i));
                }
            }
            return keys;
        });
    }

    private static ConfigCase wrongValue(Valid valid, int where, int which) {
        Place place = place(valid, where);
        String key = place.keys().get(which % place.keys().size());
        List<JsonNode> wrong = wrongValues(key);
        JsonNode value = wrong.get(which / 7 % wrong.size());
        place.node().set(key, value);
        String path = place.prefix() + key;
        return new ConfigCase(yaml(place.tree()), path + " := " + value, Expected.refused(path));
    }

    private static ConfigCase anyTextFor(Valid valid, int where, String text) {
        Place place = place(valid, where);
        List<String> scalars = place.keys().stream().filter(k -> !LISTS.contains(k) && !MAPS.contains(k)
                && !k.equals("log-sinks") && !k.equals("label")).toList();
        String key = scalars.get(where / 3 % scalars.size());
        place.node().put(key, text);
        String path = place.prefix() + key;
        return new ConfigCase(yaml(place.tree()), path + " := '" + text + "'", Expected.takenOrRefused(path));
    }

    private static ConfigCase unknownKey(Valid valid, int where, String name) {
        Place place = place(valid, where);
        place.node().put("x-" + name, "value");
        String path = place.prefix() + "x-" + name;
        return new ConfigCase(yaml(place.tree()), "unknown key " + path, Expected.refused(path));
    }

    private static ConfigCase wrongLevel(Valid valid, int which) {
        if (valid.entries().isEmpty()) {
            ObjectNode top = valid.top().deepCopy().put("label", "builders");
            return new ConfigCase(yaml(top), "label at the top level", Expected.refused("label"));
        }
        int entry = which % valid.entries().size();
        String key = List.of("plugins-dir", "log-upload-timeout", "status-address", "agents").get(which / 3 % 4);
        valid.entries().get(entry).put(key, "x");
        String path = "agents[" + entry + "]." + key;
        return new ConfigCase(yaml(valid.tree()), key + " in an entry", Expected.refused(path));
    }

    private static ConfigCase missing(Valid valid, String key) {
        ObjectNode top = valid.top().deepCopy();
        top.remove(key);
        if (valid.entries().isEmpty()) {
            return new ConfigCase(yaml(top), key + " removed", Expected.refused(key));
        }
        return new ConfigCase(yaml(new Valid(top, valid.entries()).tree()), key + " removed", Expected.refused("agents[0]." + key));
    }

    private static ConfigCase duplicate(Valid valid, int which) {
        List<String> keys = new ArrayList<>();
        valid.top().fieldNames().forEachRemaining(keys::add);
        String key = keys.get(which % keys.size());
        String text = yaml(valid.tree()) + key + ": \"again\"\n";
        return new ConfigCase(text, "duplicate " + key, Expected.refused(key));
    }

    private static ConfigCase noYaml(Valid valid, int where, String stray) {
        String text = yaml(valid.tree());
        String[] lines = text.split("\n", -1);
        int at = 1 + where % Math.max(1, lines.length - 1); // after the document marker
        List<String> changed = new ArrayList<>(List.of(lines));
        changed.add(at, stray);
        return new ConfigCase(String.join("\n", changed), "'" + stray + "' at line " + (at + 1),
                Expected.takenOrRefused(""));
    }

    /** Where a change goes: the top level, or an entry of {@code agents:}. */
    private record Place(ObjectNode root, ObjectNode node, String prefix, List<String> keys) {
        ObjectNode tree() {
            return root;
        }
    }

    private static Place place(Valid valid, int where) {
        ObjectNode root = valid.tree();
        int entries = valid.entries().size();
        if (entries == 0 || where % 3 == 0) {
            return new Place(root, root, "", topKeys());
        }
        int entry = where % entries;
        List<String> keys = new ArrayList<>(topKeys().stream().filter(k -> ConfigKey.of(k).orElseThrow().isEntryLevel()).toList());
        keys.add("label");
        return new Place(root, (ObjectNode) root.get("agents").get(entry), "agents[" + entry + "].", keys);
    }

    private static List<String> topKeys() {
        List<String> keys = new ArrayList<>(BOOLEANS);
        keys.addAll(TEXTS);
        keys.addAll(COUNTS);
        keys.addAll(LISTS);
        keys.addAll(MAPS);
        keys.addAll(List.of("upload-job-logs", "interruption-grace-period", "log-upload-timeout", "status-address",
                "log-sinks", "endpoint"));
        return keys;
    }

    private static List<JsonNode> wrongValues(String key) {
        JsonNode list = NODES.arrayNode().add("x");
        JsonNode map = NODES.objectNode().put("a", "b");
        if (BOOLEANS.contains(key)) {
            return List.of(node("maybe"), node("yes"), NODES.numberNode(2), list, map);
        }
        if (COUNTS.contains(key) || key.equals("interruption-grace-period") || key.equals("log-upload-timeout")) {
            List<JsonNode> values = new ArrayList<>(List.of(node("ten"), NODES.numberNode(1.5), list, map,
                    node("99999999999999999999"), NODES.numberNode(new java.math.BigInteger("99999999999999999999"))));
            if (!key.equals("interruption-grace-period")) {
                values.add(NODES.numberNode(-1));
            }
            if (key.equals("count")) {
                values.addAll(List.of(NODES.numberNode(0), NODES.numberNode(AgentConfig.MAX_COUNT + 1)));
            }
            return values;
        }
        return switch (key) {
            case "env-vars" -> List.of(node("A=b"), map, NODES.arrayNode().add("NOEQUALS"), NODES.arrayNode().add("1A=x"),
                    NODES.arrayNode().add("A=b=c"), NODES.arrayNode().add("=x"), NODES.arrayNode().add(map));
            case "files" -> List.of(node("/a:/b"), map, NODES.arrayNode().add("nocolon"), NODES.arrayNode().add("a:b:c"),
                    NODES.arrayNode().add(":x"), NODES.arrayNode().add(list));
            case "executor-options" -> List.of(node("x"), list);
            case "cache" -> List.of(node("s3"), list, NODES.objectNode().set("options", map),
                    NODES.objectNode().put("backend", "s3").put("bucket", "b"),
                    NODES.objectNode().put("backend", "s3").put("options", "x"));
            case "artifacts" -> List.of(node("local"), list, NODES.objectNode().set("options", map),
                    NODES.objectNode().put("store", "s3").put("bucket", "b"),
                    NODES.objectNode().put("store", "local").put("options", "x"));
            case "upload-job-logs" -> List.of(node("sometimes"), list, map);
            case "status-address" -> List.of(node("nonsense"), node("127.0.0.1:70000"), list, map);
            case "log-sinks" -> List.of(node("event-file"), map, NODES.arrayNode().add("event-file"),
                    NODES.arrayNode().add(NODES.objectNode().put("options", "x")));
            default -> List.of(list, map); // text keys: every scalar is text
        };
    }

    private static JsonNode node(Object value) {
        return value instanceof Boolean b ? NODES.booleanNode(b) : NODES.textNode(value.toString());
    }

    private static JsonNode numberOrText(int value) {
        return value % 2 == 0 ? NODES.numberNode(value) : NODES.textNode(Integer.toString(value));
    }

    private static JsonNode textList(List<String> values) {
        ArrayNode list = NODES.arrayNode();
        values.forEach(list::add);
        return list;
    }

    private static String abbreviated(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "… (" + text.length() + " characters)" : text;
    }

    static String yaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
