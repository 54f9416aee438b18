package dev.outrider.spi;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Creates the storage behind the jobs' {@code cache} command (for example S3). Operators choose a
 * backend by {@link #name()} per agent type ({@code cache:} in the configuration).
 */
public interface CacheBackendFactory extends ExtensionPoint {

    /** @return the id operators use, unique among installed plugins (for example {@code s3}) */
    String name();

    /** @return one line that tells an operator what this backend stores to */
    String description();

    /**
     * @param options the backend's options from the configuration (endpoint, bucket, credentials, ...)
     * @return a backend ready for use
     * @throws PluginException when an option is missing or invalid (name the key and the accepted form)
     */
    CacheBackend create(Map<String, Object> options);

    /**
     * Called once for each agent type whose configuration names this backend ({@code cache: {backend:
     * ...}}), when {@code outrider start} starts: check the options there, so that a mistake stops the
     * agent at once rather than failing every job's {@code cache} command. Options the core adds per
     * job (such as {@code project}) are absent here.
     *
     * @param options the agent type's cache options
     * @throws PluginException when the options are invalid (name the key and the accepted form)
     */
    default void prepare(Map<String, Object> options) {
    }
}
