package dev.outrider.toolbox;

import dev.outrider.job.JobSettings.CacheSettings;
import dev.outrider.plugin.PluginHost;
import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackendFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which cache backend a job's {@code cache} command uses: the agent type's {@code cache:} setting if it
 * has one, else Semaphore's variables in the job's environment ({@code SEMAPHORE_CACHE_BACKEND=s3} and
 * {@code SEMAPHORE_CACHE_S3_*}, toolbox.md §1.2). Archives are kept per {@code SEMAPHORE_PROJECT_ID}.
 */
final class CacheSource {

    /** Why no backend can be used; the message is Semaphore's CLI's. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final PluginHost plugins;
    private final Optional<CacheSettings> configured;

    CacheSource(PluginHost plugins, Optional<CacheSettings> configured) {
        this.plugins = plugins;
        this.configured = configured;
    }

    /**
     * @param jobEnvironment the job's {@code SEMAPHORE_PROJECT_ID} and {@code SEMAPHORE_CACHE_*} variables
     * @return a backend for the job's project; the caller closes it
     */
    CacheBackend open(Map<String, String> jobEnvironment) throws Unavailable {
        String project = jobEnvironment.getOrDefault("SEMAPHORE_PROJECT_ID", "");
        String backend;
        Map<String, Object> options = new HashMap<>();
        if (configured.isPresent()) {
            backend = configured.get().backend();
            options.putAll(configured.get().options());
        } else {
            backend = jobEnvironment.getOrDefault("SEMAPHORE_CACHE_BACKEND", "");
            if (backend.isEmpty()) {
                throw new Unavailable("no SEMAPHORE_CACHE_BACKEND environment variable set");
            }
            if (!backend.equals("s3")) {
                throw new Unavailable("cache backend '" + backend + "' is not available");
            }
            String bucket = jobEnvironment.getOrDefault("SEMAPHORE_CACHE_S3_BUCKET", "");
            if (bucket.isEmpty()) {
                throw new Unavailable("no SEMAPHORE_CACHE_S3_BUCKET set");
            }
            options.put("bucket", bucket);
            String url = jobEnvironment.getOrDefault("SEMAPHORE_CACHE_S3_URL", "");
            if (!url.isEmpty()) {
                options.put("endpoint", url);
                String key = jobEnvironment.getOrDefault("SEMAPHORE_CACHE_S3_KEY", "");
                String secret = jobEnvironment.getOrDefault("SEMAPHORE_CACHE_S3_SECRET", "");
                if (!key.isEmpty() && !secret.isEmpty()) {
                    options.put("access-key", key);
                    options.put("secret-key", secret);
                }
            }
        }
        if (project.isEmpty()) {
            throw new Unavailable("no SEMAPHORE_PROJECT_ID set");
        }
        options.put("project", project);
        CacheBackendFactory factory;
        try {
            factory = plugins.cacheBackends().get(backend);
        } catch (RuntimeException e) {
            throw new Unavailable(e.getMessage());
        }
        try {
            return factory.create(options);
        } catch (RuntimeException e) {
            throw new Unavailable(e.getMessage());
        }
    }
}
