package dev.outrider.plugin;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The extensions of one kind (executors, log sinks, cache backends), by the name operators use.
 *
 * @param <T> the extension point
 */
public final class NamedExtensions<T> {

    private final String kind;
    private final Map<String, Provided<T>> byName = new TreeMap<>();
    private final Map<String, List<String>> conflicts = new TreeMap<>();

    NamedExtensions(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    void add(String name, String providedBy, T extension) {
        Provided<T> existing = byName.get(name);
        if (existing != null || conflicts.containsKey(name)) {
            List<String> providers = conflicts.computeIfAbsent(name, n -> new java.util.ArrayList<>());
            if (existing != null) {
                providers.add(existing.providedBy());
                byName.remove(name);
            }
            providers.add(providedBy);
            return;
        }
        byName.put(name, new Provided<>(name, providedBy, extension));
    }

    /**
     * @param name the name operators use
     * @return the extension
     * @throws UnknownExtensionException when none or several plugins provide the name, listing the installed names
     */
    public T get(String name) {
        List<String> providers = conflicts.get(name);
        if (providers != null) {
            throw new UnknownExtensionException("two plugins provide the " + kind + " '" + name + "': "
                    + String.join(" and ", providers) + "; remove one of them from the plugins folder");
        }
        Provided<T> provided = byName.get(name);
        if (provided == null) {
            throw new UnknownExtensionException("no " + kind + " '" + name + "'; installed: "
                    + (byName.isEmpty() ? "none (is the plugins folder right?)" : String.join(", ", byName.keySet())));
        }
        return provided.extension();
    }

    /** @return what kind of extension these are, as messages name it: {@code executor}, {@code log sink}, ... */
    public String kind() {
        return kind;
    }

    /** @return every extension with its name and provider, by name */
    public List<Provided<T>> all() {
        return List.copyOf(byName.values());
    }

    /** @return names provided by more than one plugin, with the providers */
    public Map<String, List<String>> conflicts() {
        return Collections.unmodifiableMap(conflicts);
    }

    /**
     * One extension.
     *
     * @param name       its name
     * @param providedBy the plugin id, or {@code core}
     * @param extension  the extension
     * @param <T>        the extension point
     */
    public record Provided<T>(String name, String providedBy, T extension) {
    }
}
