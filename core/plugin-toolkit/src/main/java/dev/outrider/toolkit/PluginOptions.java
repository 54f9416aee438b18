package dev.outrider.toolkit;

import dev.outrider.spi.PluginException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a plugin's option map as the agent configuration gives it ({@code executor-options},
 * {@code cache:}, {@code artifacts:}): YAML scalars, lists and maps. Every error is a
 * {@link PluginException} that names the plugin, the key, the bad value and the accepted form, e.g.
 * {@code executor 'docker': option 'memory': 'lots' is not valid; use a size such as 512m}.
 *
 * <p>Scalars are read as their text, stripped: YAML's {@code true}, {@code 10} and {@code "10"} all
 * read the same.
 */
public final class PluginOptions {

    private final String owner;
    private final Map<String, Object> values;

    /**
     * @param owner  how messages name the plugin, e.g. {@code executor 'docker'}
     * @param values the options (a {@code null} value counts as absent)
     */
    public PluginOptions(String owner, Map<String, Object> values) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.values = new LinkedHashMap<>(Objects.requireNonNull(values, "values"));
    }

    /**
     * @param accepted the keys the plugin knows
     * @return this reader
     * @throws PluginException naming the first unknown key and listing the accepted ones
     */
    public PluginOptions requireKnownKeys(Collection<String> accepted) {
        for (String key : values.keySet()) {
            if (!accepted.contains(key)) {
                throw new PluginException(owner + ": option '" + key + "' is unknown; accepted options: "
                        + String.join(", ", new TreeSet<>(accepted)));
            }
        }
        return this;
    }

    /** @return whether the key has a (non-null) value */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /**
     * @return the value's text, stripped; empty when the key is absent
     * @throws PluginException when the value is a list or a map
     */
    public Optional<String> text(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw invalid(key, String.valueOf(value), "a single value");
        }
        return Optional.of(String.valueOf(value).strip());
    }

    /**
     * @return {@code true} or {@code false}; empty when the key is absent or its value blank
     * @throws PluginException when the value is anything else
     */
    public Optional<Boolean> flag(String key) {
        return text(key).filter(text -> !text.isEmpty()).map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, text, "true or false");
        });
    }

    /**
     * @param min      the smallest value accepted
     * @param max      the largest value accepted
     * @param accepted how the message describes the accepted form, e.g. {@code a whole number of seconds from 0 to 60}
     * @return the whole number; empty when the key is absent
     * @throws PluginException when the value is not a whole number from {@code min} to {@code max}
     */
    public Optional<Integer> integer(String key, int min, int max, String accepted) {
        return text(key).map(text -> {
            try {
                int number = Integer.parseInt(text);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(key, text, accepted);
        });
    }

    /**
     * @return the list's items as text, stripped; empty when the key is absent
     * @throws PluginException when the value is not a list, or an item is not a single value
     */
    public Optional<List<String>> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> items)) {
            throw invalid(key, String.valueOf(value), "a list, e.g. " + key + ": [\"...\"]");
        }
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                throw invalid(key, String.valueOf(item), "a list of strings");
            }
            texts.add(String.valueOf(item).strip());
        }
        return Optional.of(List.copyOf(texts));
    }

    /**
     * @return the map's entries as text (values stripped), in the configuration's order; empty when the key
     *         is absent
     * @throws PluginException when the value is not a map, or a value is not a single value
     */
    public Optional<Map<String, String>> map(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw invalid(key, String.valueOf(value), "a map, e.g. " + key + ": {NAME: value}");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            Object item = entry.getValue();
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                throw invalid(key + "." + entry.getKey(), String.valueOf(item), "a single value");
            }
            texts.put(String.valueOf(entry.getKey()), String.valueOf(item).strip());
        }
        return Optional.of(texts);
    }

    /**
     * @param key      the option
     * @param value    its bad value
     * @param accepted the accepted form, e.g. {@code true or false}
     * @return the error to throw: {@code <owner>: option '<key>': '<value>' is not valid; use <accepted>}
     */
    public PluginException invalid(String key, String value, String accepted) {
        return new PluginException(owner + ": option '" + key + "': '" + value + "' is not valid; use " + accepted);
    }
}
