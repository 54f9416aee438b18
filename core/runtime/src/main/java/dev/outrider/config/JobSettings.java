package dev.outrider.config;

import dev.outrider.spi.ExecutorContext.HostFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent's configuration adds to every job it runs (Semaphore's agent keys of the same
 * names).
 *
 * @param envVars               {@code NAME=VALUE} pairs exported into every job, after and over
 *                              the job's own variables; values are used verbatim
 * @param preJobHookPath        a script run in the job's session before the commands, or {@code ""}
 * @param postJobHookPath       a script run in the job's session after the epilogues, or {@code ""}
 * @param failOnPreJobHookError whether a failing pre-job hook fails the job
 * @param sourcePreJobHook      whether the pre-job hook is sourced (its {@code cd}/{@code export}
 *                              persist) instead of run with {@code bash}
 * @param hostFiles             host files mounted into the main container of container executors
 * @param failOnMissingFiles    whether a missing host file fails the job
 * @param cache                 the cache backend the job's {@code cache} command uses, if the agent type sets one
 * @param artifacts             the artifact store the job's {@code artifact} command uses without a hub, if the
 *                              agent type sets one
 */
public record JobSettings(List<EnvVarSetting> envVars, String preJobHookPath, String postJobHookPath,
                          boolean failOnPreJobHookError, boolean sourcePreJobHook, List<HostFile> hostFiles,
                          boolean failOnMissingFiles, Optional<CacheSettings> cache,
                          Optional<ArtifactSettings> artifacts) {

    /** No agent-level additions. */
    public static final JobSettings NONE = new JobSettings(List.of(), "", "", false, false);

    /** Settings without host files. */
    public JobSettings(List<EnvVarSetting> envVars, String preJobHookPath, String postJobHookPath,
                       boolean failOnPreJobHookError, boolean sourcePreJobHook) {
        this(envVars, preJobHookPath, postJobHookPath, failOnPreJobHookError, sourcePreJobHook, List.of(), false);
    }

    /** Settings without a cache backend. */
    public JobSettings(List<EnvVarSetting> envVars, String preJobHookPath, String postJobHookPath,
                       boolean failOnPreJobHookError, boolean sourcePreJobHook, List<HostFile> hostFiles,
                       boolean failOnMissingFiles) {
        this(envVars, preJobHookPath, postJobHookPath, failOnPreJobHookError, sourcePreJobHook, hostFiles,
                failOnMissingFiles, Optional.empty());
    }

    /** Settings without an artifact store. */
    public JobSettings(List<EnvVarSetting> envVars, String preJobHookPath, String postJobHookPath,
                       boolean failOnPreJobHookError, boolean sourcePreJobHook, List<HostFile> hostFiles,
                       boolean failOnMissingFiles, Optional<CacheSettings> cache) {
        this(envVars, preJobHookPath, postJobHookPath, failOnPreJobHookError, sourcePreJobHook, hostFiles,
                failOnMissingFiles, cache, Optional.empty());
    }

    /**
     * The agent type's {@code artifacts:} setting.
     *
     * @param store   the artifact store's name, such as {@code local} or {@code s3}
     * @param options its options, as that store documents them
     */
    public record ArtifactSettings(String store, Map<String, Object> options) {
        public ArtifactSettings {
            Objects.requireNonNull(store, "store");
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        @Override
        public String toString() {
            return "ArtifactSettings[" + store + ", options " + options.keySet() + "]";
        }
    }

    /**
     * The agent type's {@code cache:} setting.
     *
     * @param backend the cache backend plugin's name, such as {@code s3}
     * @param options its options, as that plugin documents them
     */
    public record CacheSettings(String backend, Map<String, Object> options) {
        public CacheSettings {
            Objects.requireNonNull(backend, "backend");
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        @Override
        public String toString() {
            return "CacheSettings[" + backend + ", options " + options.keySet() + "]";
        }
    }

    public JobSettings {
        envVars = List.copyOf(envVars);
        hostFiles = List.copyOf(hostFiles);
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(artifacts, "artifacts");
        preJobHookPath = Objects.requireNonNullElse(preJobHookPath, "");
        postJobHookPath = Objects.requireNonNullElse(postJobHookPath, "");
    }

    /**
     * One agent-level variable.
     *
     * @param name  its name
     * @param value its raw value
     */
    public record EnvVarSetting(String name, String value) {
        public EnvVarSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return name + "=<redacted>";
        }
    }
}
