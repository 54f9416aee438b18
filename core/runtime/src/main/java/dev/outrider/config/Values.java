package dev.outrider.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link Setting} as its key's type. Text from the environment and from flags goes through
 * the same readers as YAML, so {@code "true"} and {@code true} mean the same wherever they come from.
 */
final class Values {

    /** Go's {@code strconv.ParseBool} words, which Semaphore's agent accepts. */
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private Values() {
    }

    static String string(Setting setting) {
        JsonNode node = setting.value();
        if (!node.isValueNode()) {
            throw setting.problem("must be a string");
        }
        return node.asText();
    }

    static boolean bool(Setting setting) {
        JsonNode node = setting.value();
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        if (node.isValueNode() && TRUE.contains(text)) {
            return true;
        }
        if (node.isValueNode() && FALSE.contains(text)) {
            return false;
        }
        throw setting.problem("'" + text + "' is not a boolean; use true or false"
                + " (1, t, T, TRUE, True, 0, f, F, FALSE and False work too)");
    }

    /**
     * @param minimum  the smallest value accepted
     * @param accepted what is accepted, for the error, e.g. {@code "0 or more seconds"}
     */
    static int integer(Setting setting, int minimum, String accepted) {
        return integer(setting, minimum, Integer.MAX_VALUE, accepted);
    }

    static int integer(Setting setting, int minimum, int maximum, String accepted) {
        JsonNode node = setting.value();
        String text = node.isValueNode() ? node.asText() : node.toString();
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isTextual() && WHOLE_NUMBER.matcher(text).matches() && text.length() < 19) {
            value = Long.parseLong(text);
        } else {
            throw setting.problem("'" + text + "' is not a whole number; use " + accepted);
        }
        if (value < minimum || value > maximum) {
            String why = value < 0 && minimum == 0 ? "is negative" : value < minimum ? "is too small" : "is too large";
            throw setting.problem("'" + text + "' " + why + "; use " + accepted);
        }
        return (int) value;
    }

    static List<String> strings(Setting setting) {
        JsonNode node = setting.value();
        if (!node.isArray()) {
            throw setting.problem("must be a list, e.g. " + setting.path().replaceAll(".*\\.", "") + ": [\"...\"]");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            if (!value.isValueNode() || value.isNull()) {
                throw new ConfigException(setting.where(i) + ": must be a string");
            }
            values.add(value.asText());
        }
        return values;
    }

    static Map<String, Object> map(Setting setting, String what) {
        JsonNode node = setting.value();
        if (!node.isObject()) {
            throw setting.problem("must be a map of " + what);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain(node);
        return map;
    }

    /** @return a YAML value as plain Java: maps, lists, strings, booleans, numbers and nulls */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNumber() ? node.numberValue() : node.asText();
    }

    /** @return the path, resolved against the setting's folder (or the working directory) */
    static Path path(Setting setting) {
        String text = string(setting);
        try {
            return setting.baseDirectory().map(folder -> folder.resolve(text))
                    .orElseGet(() -> Path.of(text).toAbsolutePath());
        } catch (InvalidPathException e) {
            throw setting.problem("'" + text + "' is not a path: " + e.getReason());
        }
    }
}
