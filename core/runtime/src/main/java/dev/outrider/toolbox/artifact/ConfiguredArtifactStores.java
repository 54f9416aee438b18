package dev.outrider.toolbox.artifact;

import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.ArtifactStoreFactory;
import dev.outrider.toolbox.call.ToolboxCall;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The artifact store of a call without a hub: the agent type's {@code artifacts:} setting if it has one,
 * else the core's {@code local} store in its default folder. Problems name the configuration key.
 */
public final class ConfiguredArtifactStores implements ArtifactCommand.Stores {

    private final Function<String, ArtifactStoreFactory> factories;

    /** @param factories finds a store by name; throws, listing the installed ones, for an unknown name */
    public ConfiguredArtifactStores(Function<String, ArtifactStoreFactory> factories) {
        this.factories = Objects.requireNonNull(factories, "factories");
    }

    @Override
    public ArtifactStore open(ToolboxCall call) {
        Optional<ArtifactSettings> configured = call.context().artifacts();
        if (configured.isEmpty()) {
            return factories.apply(LocalArtifactStoreFactory.NAME).create(Map.of());
        }
        ArtifactStoreFactory factory;
        try {
            factory = factories.apply(configured.get().store());
        } catch (RuntimeException e) {
            throw new IllegalStateException("artifacts.store: " + e.getMessage(), e);
        }
        try {
            return factory.create(configured.get().options());
        } catch (RuntimeException e) {
            throw new IllegalStateException("artifacts.options: " + e.getMessage(), e);
        }
    }
}
