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
}
