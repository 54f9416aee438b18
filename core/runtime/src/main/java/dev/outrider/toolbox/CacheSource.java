package dev.outrider.toolbox;

import dev.outrider.config.JobSettings.CacheSettings;
import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackendFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which cache backend a job's {@code cache} command uses: the agent type's {@code cache:} setting if it
 * has one, else Semaphore's variables in the job's environment ({@code SEMAPHORE_CACHE_BACKEND=s3},
 * {@code SEMAPHORE_CACHE_S3_*}, and without a URL {@code SEMAPHORE_CACHE_USE_EC2_INSTANCE_PROFILE} or
 * {@code SEMAPHORE_CACHE_AWS_PROFILE}, toolbox.md §1.2). Archives are kept per {@code SEMAPHORE_PROJECT_ID}.
 */
final class CacheSource {

    /** Why no backend can be used; the message is Semaphore's CLI's. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Finds a cache backend plugin by name. */
    @FunctionalInterface
    interface Backends {
        /** @throws RuntimeException naming the backend and the ones there are, when none has the name */
        CacheBackendFactory get(String name);
    }

    private final Backends backends;
    private final Optional<CacheSettings> configured;

    CacheSource(Backends backends, Optional<CacheSettings> configured) {
        this.backends = backends;
        this.configured = configured;
    }

    /**
     * A backend plugin's name and the options it is opened with.
     *
     * @param backend the cache backend's name
     * @param options its options, with {@code project} set to the job's project
     */
    record Selection(String backend, Map<String, Object> options) {
    }

    /**
     * @param jobEnvironment the job's {@code SEMAPHORE_PROJECT_ID} and {@code SEMAPHORE_CACHE_*} variables
     * @return a backend for the job's project; the caller closes it
     */
    CacheBackend open(Map<String, String> jobEnvironment) throws Unavailable {
        Selection selection = select(jobEnvironment);
        CacheBackendFactory factory;
        try {
            factory = backends.get(selection.backend());
        } catch (RuntimeException e) {
            throw new Unavailable(e.getMessage());
        }
        try {
            return factory.create(selection.options());
        } catch (RuntimeException e) {
            throw new Unavailable(e.getMessage());
        }
    }

    /** @return the backend and options for a job: the configured ones, else from the job's variables */
    Selection select(Map<String, String> jobEnvironment) throws Unavailable {
        String project = jobEnvironment.getOrDefault("SEMAPHORE_PROJECT_ID", "");
        Selection selection = configured.isPresent()
                ? new Selection(configured.get().backend(), new HashMap<>(configured.get().options()))
                : fromVariables(jobEnvironment);
        if (project.isEmpty()) {
            throw new Unavailable("no SEMAPHORE_PROJECT_ID set");
        }
        selection.options().put("project", project);
        return selection;
    }

    /** Semaphore's S3 variables as the {@code s3} backend's options, by the CLI's rules (toolbox.md §1.2). */
    private static Selection fromVariables(Map<String, String> variables) throws Unavailable {
        String backend = variables.getOrDefault("SEMAPHORE_CACHE_BACKEND", "");
        if (backend.isEmpty()) {
            throw new Unavailable("no SEMAPHORE_CACHE_BACKEND environment variable set");
        }
        if (!backend.equals("s3")) {
            throw new Unavailable("cache backend '" + backend + "' is not available");
        }
        String bucket = variables.getOrDefault("SEMAPHORE_CACHE_S3_BUCKET", "");
        if (bucket.isEmpty()) {
            throw new Unavailable("no SEMAPHORE_CACHE_S3_BUCKET set");
        }
        Map<String, Object> options = new HashMap<>();
        options.put("bucket", bucket);
        String url = variables.getOrDefault("SEMAPHORE_CACHE_S3_URL", "");
        if (!url.isEmpty()) {
            // static keys only with a URL, and only both; an instance profile or named profile only without one
            options.put("endpoint", url);
            String key = variables.getOrDefault("SEMAPHORE_CACHE_S3_KEY", "");
            String secret = variables.getOrDefault("SEMAPHORE_CACHE_S3_SECRET", "");
            if (!key.isEmpty() && !secret.isEmpty()) {
                options.put("access-key", key);
                options.put("secret-key", secret);
            }
        } else if (variables.getOrDefault("SEMAPHORE_CACHE_USE_EC2_INSTANCE_PROFILE", "").equals("true")) {
            options.put("instance-profile", "true");
        } else if (!variables.getOrDefault("SEMAPHORE_CACHE_AWS_PROFILE", "").isEmpty()) {
            options.put("profile", variables.get("SEMAPHORE_CACHE_AWS_PROFILE"));
        }
        return new Selection(backend, options);
    }
}
