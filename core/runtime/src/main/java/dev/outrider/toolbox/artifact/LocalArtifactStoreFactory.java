package dev.outrider.toolbox.artifact;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.ArtifactStoreFactory;
import dev.outrider.spi.PluginException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The core's {@code local} artifact store: a folder of the agent's machine (option {@code path}; default
 * {@code $XDG_DATA_HOME/outrider/artifacts}, or {@code ~/.local/share/outrider/artifacts}).
 */
public final class LocalArtifactStoreFactory implements ArtifactStoreFactory {

    /** The store's name in the configuration. */
    public static final String NAME = "local";

    private final Map<String, String> environment;

    /** @param environment the agent's environment (for {@code XDG_DATA_HOME} and {@code HOME}) */
    public LocalArtifactStoreFactory(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps artifacts in a folder of the agent's machine (default " + defaultFolder() + ")";
    }

    @Override
    public void prepare(Map<String, Object> options) {
        folder(options);
    }

    @Override
    public ArtifactStore create(Map<String, Object> options) {
        return new LocalArtifactStore(folder(options));
    }

    private Path folder(Map<String, Object> options) {
        for (String key : options.keySet()) {
            if (!key.equals("path")) {
                throw new PluginException("option '" + key + "' is unknown; the local store takes only 'path' (a folder)");
            }
        }
        Object path = options.get("path");
        if (path == null) {
            return defaultFolder();
        }
        if (!(path instanceof String text) || text.isBlank()) {
            throw new PluginException("option 'path' must name a folder, such as /var/lib/outrider/artifacts");
        }
        return Path.of(text.strip());
    }

    /** @return {@code $XDG_DATA_HOME/outrider/artifacts}, else {@code $HOME/.local/share/outrider/artifacts} */
    public Path defaultFolder() {
        String data = environment.getOrDefault("XDG_DATA_HOME", "");
        if (!data.isEmpty()) {
            return Path.of(data, "outrider", "artifacts");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "share", "outrider", "artifacts");
    }
}
