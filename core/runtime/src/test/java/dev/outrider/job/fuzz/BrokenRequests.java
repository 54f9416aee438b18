package dev.outrider.job.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outrider.job.fuzz.FuzzCase.Accepted;
import dev.outrider.job.fuzz.FuzzCase.Expected;
import dev.outrider.job.fuzz.FuzzCase.Rejected;
import dev.outrider.job.fuzz.FuzzCase.Unreadable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Job request bodies, valid and broken, with what the agent must make of each ({@link FuzzCase}): a valid
 * request ({@link JobModels#anyValid()}) as it is, or with one change: a value of the wrong type, a value
 * missing or {@code null}, an unknown key, an executor or log target the agent cannot use, another top
 * level, or text that is no JSON (cut short, a stray character, something after the object); and now and then
 * a value of a megabyte or more.
 */
public final class BrokenRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where the agent needs a value: its log target. */
    private static final Set<String> NEEDED = Set.of("logger", "logger.method", "logger.url");

    private BrokenRequests() {
    }

    /** @return bodies, about one in three as generated and the rest changed once */
    public static Arbitrary<FuzzCase> cases() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.frequencyOf(
                Tuple.of(24, JobModels.anyValid().map(m -> new FuzzCase(m.json().toString(), "as generated",
                        new Accepted(Optional.of(m))))),
                Tuple.of(24, Combinators.combine(JobModels.anyValid(), pick, pick).as(BrokenRequests::wrongType)),
                Tuple.of(12, Combinators.combine(JobModels.anyValid(), pick, Arbitraries.of(true, false)).as(BrokenRequests::missing)),
                Tuple.of(8, Combinators.combine(JobModels.anyValid(), pick, Arbitraries.strings().all().ofMaxLength(10))
                        .as(BrokenRequests::unknownKey)),
                Tuple.of(8, Combinators.combine(JobModels.anyValid(), Arbitraries.of("executor", "logger.method", "logger.url"),
                        Arbitraries.strings().all().ofMaxLength(12)).as(BrokenRequests::otherValue)),
                Tuple.of(1, Combinators.combine(JobModels.anyValid(), pick, Arbitraries.frequencyOf(
                                Tuple.of(5, Arbitraries.integers().between(10_000, 200_000)),
                                Tuple.of(1, Arbitraries.integers().between(1_000_000, 1_100_000))))
                        .as(BrokenRequests::huge)),
                Tuple.of(4, Arbitraries.of("[]", "[{\"commands\":[]}]", "\"job\"", "42", "true", "null", "-0.5e3")
                        .map(body -> new FuzzCase(body, "another top level", new Rejected("(top level)")))),
                Tuple.of(16, Combinators.combine(JobModels.anyValid(), pick, Arbitraries.of("@", "}", "]", ",", "\"", "'", "{", ":", "\u0000"))
                        .as(BrokenRequests::noJson)));
    }

    /** @return valid requests with one value of the wrong type, refused naming it whatever the reader's mode */
    public static Arbitrary<FuzzCase> wrongTypes() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(JobModels.anyValid(), pick, pick).as(BrokenRequests::wrongType);
    }

    private static FuzzCase wrongType(JobModel model, int slotPick, int valuePick) {
        ObjectNode root = model.json();
        Slot slot = pick(slots(root), slotPick);
        List<JsonNode> wrong = wrongValues(slot);
        JsonNode value = wrong.get(valuePick % wrong.size());
        slot.set(value);
        return new FuzzCase(root.toString(), slot.path() + " := " + abbreviated(value), new Rejected(slot.path()));
    }

    private static FuzzCase missing(JobModel model, int slotPick, boolean asNull) {
        ObjectNode root = model.json();
        Slot slot = pick(slots(root), slotPick);
        Expected expected;
        if (slot.index() >= 0) { // a list element: null is no command, variable or file
            slot.set(NODES.nullNode());
            expected = new Rejected(slot.path());
        } else {
            if (asNull) {
                slot.set(NODES.nullNode());
            } else {
                ((ObjectNode) slot.parent()).remove(slot.key());
            }
            expected = NEEDED.contains(slot.path()) ? new Rejected("logger") : new Accepted(Optional.empty());
        }
        return new FuzzCase(root.toString(), slot.path() + (asNull || slot.index() >= 0 ? " := null" : " removed"), expected);
    }

    private static FuzzCase huge(JobModel model, int slotPick, int length) {
        ObjectNode root = model.json();
        List<Slot> texts = slots(root).stream().filter(s -> s.value().isTextual() && !NEEDED.contains(s.path())).toList();
        if (texts.isEmpty()) {
            return new FuzzCase(root.toString(), "as generated", new Accepted(Optional.of(model)));
        }
        Slot slot = pick(texts, slotPick);
        String value = slot.path().equals("executor") ? "shell" : "é".repeat(length);
        slot.set(NODES.textNode(value));
        return new FuzzCase(root.toString(), slot.path() + " := " + value.length() + " characters", new Accepted(Optional.empty()));
    }

    private static FuzzCase unknownKey(JobModel model, int objectPick, String name) {
        ObjectNode root = model.json();
        List<Slot> objects = new ArrayList<>(slots(root).stream().filter(s -> s.value().isObject()).toList());
        objects.add(new Slot("", null, null, -1, root));
        Slot slot = pick(objects, objectPick);
        ((ObjectNode) slot.value()).set("x_" + name, NODES.objectNode().put("nested", name).set("list", NODES.arrayNode().add(1)));
        return new FuzzCase(root.toString(), "unknown key 'x_" + name + "' in " + slot.path(), new Accepted(Optional.empty()));
    }

    private static FuzzCase otherValue(JobModel model, String field, String value) {
        ObjectNode root = model.json();
        if (field.equals("executor")) {
            root.put("executor", value);
            boolean known = value.isEmpty() || value.equals("shell") || value.equals("dockercompose");
            return new FuzzCase(root.toString(), "executor := " + value,
                    known ? new Accepted(Optional.empty()) : new Rejected("executor"));
        }
        String key = field.substring("logger.".length());
        ((ObjectNode) root.get("logger")).put(key, value);
        boolean usable = key.equals("method") ? value.equals("push") : !value.isEmpty();
        return new FuzzCase(root.toString(), field + " := " + value,
                usable ? new Accepted(Optional.empty()) : new Rejected("logger"));
    }

    private static FuzzCase noJson(JobModel model, int position, String stray) {
        String body = model.json().toString();
        return switch (position % 3) {
            case 0 -> {
                int end = position % body.length();
                yield new FuzzCase(body.substring(0, end), "cut after " + end + " characters", new Unreadable());
            }
            case 1 -> new FuzzCase("{" + stray + body.substring(1), "'" + stray + "' after the first '{'", new Unreadable());
            default -> new FuzzCase(body + " " + stray, "'" + stray + "' after the object", new Unreadable());
        };
    }

    /**
     * A value in a request.
     *
     * @param path   its path as messages give it
     * @param parent the object or list holding it ({@code null} for the top level)
     * @param key    its key in an object
     * @param index  its index in a list, or -1
     * @param value  the value
     */
    record Slot(String path, JsonNode parent, String key, int index, JsonNode value) {
        void set(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }
    }

    private static List<Slot> slots(ObjectNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "", slots);
        return slots;
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                slots.add(new Slot(child, node, field.getKey(), -1, field.getValue()));
                collect(field.getValue(), child, slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = path + "[" + i + "]";
                slots.add(new Slot(child, node, null, i, node.get(i)));
                collect(node.get(i), child, slots);
            }
        }
    }

    private static List<JsonNode> wrongValues(Slot slot) {
        JsonNode number = NODES.numberNode(644);
        JsonNode bool = NODES.booleanNode(true);
        JsonNode object = NODES.objectNode().put("value", "x");
        JsonNode list = NODES.arrayNode().add("x");
        JsonNode text = NODES.textNode("12");
        JsonNode value = slot.value();
        if (value.isTextual()) {
            return List.of(number, bool, object, list, NODES.numberNode(1.5));
        }
        if (value.isArray()) {
            return List.of(text, number, bool, object);
        }
        if (value.isObject()) {
            boolean command = slot.index() >= 0 && slot.path().matches(".*commands\\[\\d+]$");
            return command ? List.of(number, bool, list) : List.of(text, number, bool, list);
        }
        // logger.max_size_in_bytes
        return List.of(text, NODES.numberNode(1.5), NODES.numberNode(BigInteger.TWO.pow(70)), bool, object, list);
    }

    private static <T> T pick(List<T> values, int pick) {
        return values.get(pick % values.size());
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
