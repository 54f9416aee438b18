package dev.outrider.spi;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Creates the store behind the jobs' {@code artifact} command when a job has no Semaphore artifact hub
 * (for example a folder, or S3). Operators choose a store by {@link #name()} per agent type
 * ({@code artifacts: {store: ..., options: {...}}} in the configuration).
 */
public interface ArtifactStoreFactory extends ExtensionPoint {

    /** @return the id operators use, unique among installed plugins (for example {@code s3}) */
    String name();

    /** @return one line that tells an operator where this store keeps artifacts */
    String description();

    /**
     * @param options the store's options from the configuration
     * @return a store ready for use; the caller closes it
     * @throws PluginException when an option is missing or invalid (name the key and the accepted form)
     */
    ArtifactStore create(Map<String, Object> options);

    /**
     * Called once for each agent type whose configuration names this store, when {@code outrider start}
     * starts: check the options there, so that a mistake stops the agent at once.
     *
     * @param options the agent type's store options
     * @throws PluginException when the options are invalid (name the key and the accepted form)
     */
    default void prepare(Map<String, Object> options) {
    }
}
