package dev.outrider.config;

import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.config.JobSettings.CacheSettings;
import dev.outrider.config.JobSettings.EnvVarSetting;
import dev.outrider.spi.ExecutorContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one agent type's keys, each from the {@link Setting} that won for it, into an
 * {@link AgentConfig}; keys without a setting keep their defaults. Checks each key on its own;
 * rules across keys are {@link StartRules}'.
 */
final class AgentReader {

    private final Map<ConfigKey, Setting> settings;

    private AgentReader(Map<ConfigKey, Setting> settings) {
        this.settings = settings;
    }

    /**
     * @param label    the agent type's label
     * @param settings the value of each key that was given
     */
    static AgentConfig read(String label, Map<ConfigKey, Setting> settings) {
        return new AgentReader(settings).read(label);
    }

    private AgentConfig read(String label) {
        AgentConfig d = AgentConfig.DEFAULT;
        JobSettings job = new JobSettings(
                get(ConfigKey.ENV_VARS, this::envVars, d.job().envVars()),
                get(ConfigKey.PRE_JOB_HOOK_PATH, Values::string, d.job().preJobHookPath()),
                get(ConfigKey.POST_JOB_HOOK_PATH, Values::string, d.job().postJobHookPath()),
                get(ConfigKey.FAIL_ON_PRE_JOB_HOOK_ERROR, Values::bool, d.job().failOnPreJobHookError()),
                get(ConfigKey.SOURCE_PRE_JOB_HOOK, Values::bool, d.job().sourcePreJobHook()),
                get(ConfigKey.FILES, this::files, d.files()).stream()
                        .map(file -> new ExecutorContext.HostFile(file.hostPath(), file.destination())).toList(),
                get(ConfigKey.FAIL_ON_MISSING_FILES, Values::bool, d.failOnMissingFiles()),
                get(ConfigKey.CACHE, s -> Optional.of(cache(s)), d.job().cache()),
                get(ConfigKey.ARTIFACTS, s -> Optional.of(artifacts(s)), d.job().artifacts()));
        KubernetesSettings k = d.kubernetes();
        KubernetesSettings kubernetes = new KubernetesSettings(
                get(ConfigKey.KUBERNETES_EXECUTOR, Values::bool, k.executor()),
                get(ConfigKey.KUBERNETES_POD_SPEC, Values::string, k.podSpec()),
                get(ConfigKey.KUBERNETES_ALLOWED_IMAGES, this::patterns, k.allowedImages()),
                get(ConfigKey.KUBERNETES_POD_START_TIMEOUT, s -> Values.integer(s, 0, "0 or more seconds"),
                        k.podStartTimeout()),
                get(ConfigKey.KUBERNETES_LABELS, this::labels, k.labels()),
                get(ConfigKey.KUBERNETES_DEFAULT_IMAGE, Values::string, k.defaultImage()));
        boolean noHttps = get(ConfigKey.NO_HTTPS, Values::bool, d.noHttps());
        String executor = KubernetesExecutorKeys.executor(get(ConfigKey.EXECUTOR, AgentReader::executor, d.executor()),
                kubernetes, settings);
        Map<String, Object> executorOptions = KubernetesExecutorKeys.options(executor,
                get(ConfigKey.EXECUTOR_OPTIONS, s -> Values.map(s, "options for the executor"), d.executorOptions()),
                kubernetes, settings);
        return new AgentConfig(label,
                get(ConfigKey.ENDPOINT, s -> endpoint(s, noHttps), d.endpoint()),
                get(ConfigKey.TOKEN, Values::string, d.token()),
                noHttps,
                get(ConfigKey.CA_FILE, s -> Optional.of(caFile(s)), d.caFile()),
                get(ConfigKey.NAME, Values::string, d.name()),
                get(ConfigKey.NAME_FROM_ENV, Values::string, d.nameFromEnv()),
                executor,
                executorOptions,
                get(ConfigKey.COUNT, s -> Values.integer(s, 1, AgentConfig.MAX_COUNT, "1 to " + AgentConfig.MAX_COUNT
                        + " (how many agents of this type this process runs; for more, run more processes)"), d.count()),
                job,
                get(ConfigKey.FILES, this::files, d.files()),
                get(ConfigKey.FAIL_ON_MISSING_FILES, Values::bool, d.failOnMissingFiles()),
                get(ConfigKey.SHUTDOWN_HOOK_PATH, Values::string, d.shutdownHookPath()),
                get(ConfigKey.DISCONNECT_AFTER_JOB, Values::bool, d.disconnectAfterJob()),
                get(ConfigKey.JOB_ID, Values::string, d.jobId()),
                get(ConfigKey.DISCONNECT_AFTER_IDLE_TIMEOUT,
                        s -> Values.integer(s, 0, "0 (no idle timeout) or more seconds"), d.disconnectAfterIdleTimeout()),
                get(ConfigKey.INTERRUPTION_GRACE_PERIOD,
                        s -> Values.integer(s, Integer.MIN_VALUE, "a whole number of seconds"), d.interruptionGracePeriod()),
                get(ConfigKey.UPLOAD_JOB_LOGS, AgentReader::uploadJobLogs, d.uploadJobLogs()),
                kubernetes);
    }

    /** {@code cache: {backend: s3, options: {...}}} */
    private static CacheSettings cache(Setting setting) {
        Map<String, Object> cache = Values.map(setting, "backend and options, e.g. {backend: s3, options: {bucket: ...}}");
        for (String key : cache.keySet()) {
            if (!key.equals("backend") && !key.equals("options")) {
                throw setting.problem("'" + key + "' is unknown; give backend (a cache backend plugin such as s3)"
                        + " and options");
            }
        }
        Object backend = cache.get("backend");
        if (!(backend instanceof String name) || name.isBlank()) {
            throw setting.problem("backend is missing; name a cache backend plugin, such as s3 (see outrider plugins)");
        }
        Object options = cache.getOrDefault("options", Map.of());
        if (!(options instanceof Map<?, ?> map)) {
            throw setting.problem("options must be a map of the backend's options");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return new CacheSettings(name.strip(), typed);
    }

    /** {@code artifacts: {store: local|s3|..., options: {...}}} */
    private static ArtifactSettings artifacts(Setting setting) {
        Map<String, Object> artifacts = Values.map(setting, "store and options, e.g. {store: s3, options: {bucket: ...}}");
        for (String key : artifacts.keySet()) {
            if (!key.equals("store") && !key.equals("options")) {
                throw setting.problem("'" + key + "' is unknown; give store (an artifact store such as local or s3)"
                        + " and options");
            }
        }
        Object store = artifacts.get("store");
        if (!(store instanceof String name) || name.isBlank()) {
            throw setting.problem("store is missing; name an artifact store, such as local or s3 (see outrider plugins)");
        }
        Object options = artifacts.getOrDefault("options", Map.of());
        if (!(options instanceof Map<?, ?> map)) {
            throw setting.problem("options must be a map of the store's options");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return new ArtifactSettings(name.strip(), typed);
    }

    private <T> T get(ConfigKey key, Function<Setting, T> reader, T defaultValue) {
        Setting setting = settings.get(key);
        return setting == null ? defaultValue : reader.apply(setting);
    }

    private List<EnvVarSetting> envVars(Setting setting) {
        List<EnvVarSetting> vars = new ArrayList<>();
        List<String> entries = Values.strings(setting);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new ConfigException(setting.where(i) + ": '" + redact(entry)
                        + "' is not NAME=VALUE (exactly one '=', as Semaphore's agent accepts)");
            }
            if (!EnvVarNames.isValid(parts[0])) {
                throw new ConfigException(setting.where(i) + ": " + EnvVarNames.problem(parts[0]));
            }
            vars.add(new EnvVarSetting(parts[0], parts[1]));
        }
        return vars;
    }

    private List<HostFile> files(Setting setting) {
        List<HostFile> files = new ArrayList<>();
        List<String> entries = Values.strings(setting);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String[] parts = entry.split(":", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new ConfigException(setting.where(i) + ": '" + entry
                        + "' is not HOSTPATH:DEST (two non-empty paths joined by exactly one ':')");
            }
            files.add(new HostFile(parts[0], parts[1]));
        }
        return files;
    }

    private Map<String, String> labels(Setting setting) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> entries = Values.strings(setting);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new ConfigException(setting.where(i) + ": '" + entry + "' is not KEY=VALUE (exactly one '=')");
            }
            labels.put(parts[0], parts[1]);
        }
        return labels;
    }

    private List<String> patterns(Setting setting) {
        List<String> patterns = Values.strings(setting);
        for (int i = 0; i < patterns.size(); i++) {
            try {
                Pattern.compile(patterns.get(i));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(setting.where(i) + ": '" + patterns.get(i)
                        + "' is not a valid regular expression (" + e.getDescription() + " near index " + e.getIndex()
                        + "); give an image name pattern such as 'registry\\.example\\.com/.*'");
            }
        }
        return patterns;
    }

    private static String executor(Setting setting) {
        String executor = Values.string(setting).strip();
        return executor.equals("auto") ? "" : executor;
    }

    /**
     * {@code host[:port]}; a scheme in front must agree with {@code no-https}, which alone decides
     * it (as in Semaphore's agent), so the two keys cannot contradict each other silently.
     */
    private static String endpoint(Setting setting, boolean noHttps) {
        EndpointAddress address;
        try {
            address = EndpointAddress.parse(Values.string(setting));
        } catch (IllegalArgumentException e) {
            throw setting.problem(e.getMessage());
        }
        if (address.https().isPresent() && address.https().get() == noHttps) {
            throw setting.problem(noHttps
                    ? "'https://" + address.authority() + "' asks for https but no-https is true; give '"
                            + address.authority() + "' and set no-https: false (the default) to use https"
                    : "'http://" + address.authority() + "' asks for plain http but no-https is false, so https"
                            + " would be used; give '" + address.authority() + "' and set no-https: true"
                            + " (--no-https, SEMAPHORE_AGENT_NO_HTTPS=true) to use plain http");
        }
        return address.authority();
    }

    private static UploadJobLogs uploadJobLogs(Setting setting) {
        String value = Values.string(setting);
        return UploadJobLogs.fromWireName(value).orElseThrow(() ->
                setting.problem("'" + value + "' is not accepted; use never, always or when-trimmed"));
    }

    private static Path caFile(Setting setting) {
        Path file = Values.path(setting);
        String accepted = "give a PEM file of CA certificates (a relative path is resolved against "
                + (setting.baseDirectory().isPresent() ? "the configuration file's folder)" : "the working directory)");
        if (!Files.isRegularFile(file)) {
            throw setting.problem("'" + Values.string(setting) + "' (" + file + ") is not a file; " + accepted);
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw setting.problem("'" + file + "' holds no certificate; " + accepted);
            }
        } catch (IOException e) {
            throw new ConfigException(setting.where() + ": '" + file + "' cannot be read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new ConfigException(setting.where() + ": '" + file + "' holds no valid PEM certificate ("
                    + e.getMessage() + "); " + accepted, e);
        }
        return file;
    }

    /** Shows an env var's name but never its value, which may be a secret. */
    private static String redact(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? entry : entry.substring(0, equals + 1) + "...";
    }
}
