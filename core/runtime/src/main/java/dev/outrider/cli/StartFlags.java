package dev.outrider.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The configuration keys {@code outrider start} takes as flags, as Semaphore's {@code agent start}
 * spells them ({@code --endpoint HOST}, {@code --no-https}, {@code --env-vars A=1,B=2}, ...), plus
 * Outrider's. A picocli mixin: {@code @Mixin StartFlags flags;}, then hand {@link #given()} to
 * {@code ConfigLoader.load}.
 *
 * <p>Booleans may stand alone ({@code --no-https}) or take a value after {@code =}
 * ({@code --no-https=false}; Go's words 1, t, T, TRUE, True, 0, f, ... too). Lists are
 * comma-separated with CSV quoting ({@code --env-vars 'A=1,"B=x,y"'}) and the flag may be repeated.
 * Whole numbers are checked by {@code ConfigLoader}, so the error names the flag like any other.
 */
public final class StartFlags {

    @Option(names = "--endpoint", paramLabel = "HOST[:PORT]",
            description = "The Semaphore control plane, e.g. my-org.semaphoreci.com.")
    private String endpoint;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The agent type's registration token.")
    private String token;

    @Option(names = "--no-https", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            converter = GoBoolean.class, description = "Talk to the control plane over http instead of https.")
    private Boolean noHttps;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The agent's name (8-80 bytes, or a URL); default: random. Only with count 1.")
    private String name;

    @Option(names = "--name-from-env", paramLabel = "VARIABLE",
            description = "Read the agent's name from this environment variable (deprecated in Semaphore).")
    private String nameFromEnv;

    @Option(names = "--shutdown-hook-path", paramLabel = "FILE",
            description = "A script run with bash when the agent shuts down.")
    private String shutdownHookPath;

    @Option(names = "--pre-job-hook-path", paramLabel = "FILE",
            description = "A script run in each job's shell before its commands.")
    private String preJobHookPath;

    @Option(names = "--post-job-hook-path", paramLabel = "FILE",
            description = "A script run in each job's shell after its epilogues.")
    private String postJobHookPath;

    @Option(names = "--fail-on-pre-job-hook-error", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            converter = GoBoolean.class, description = "A failing pre-job hook fails the job.")
    private Boolean failOnPreJobHookError;

    @Option(names = "--source-pre-job-hook", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            converter = GoBoolean.class, description = "Source the pre-job hook instead of running it with bash.")
    private Boolean sourcePreJobHook;

    @Option(names = "--disconnect-after-job", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            converter = GoBoolean.class, description = "Leave after one job.")
    private Boolean disconnectAfterJob;

    @Option(names = "--job-id", paramLabel = "ID", description = "Take only this job (needs --disconnect-after-job).")
    private String jobId;

    @Option(names = "--disconnect-after-idle-timeout", paramLabel = "SECONDS",
            description = "Leave after this long without a job; 0 (default): never.")
    private String disconnectAfterIdleTimeout;

    @Option(names = "--interruption-grace-period", paramLabel = "SECONDS",
            description = "How long a job may still run after the agent is interrupted.")
    private String interruptionGracePeriod;

    @Option(names = "--env-vars", paramLabel = "NAME=VALUE[,...]",
            description = "Variables exported into every job (comma-separated; repeatable).")
    private List<String> envVars;

    @Option(names = "--files", paramLabel = "HOSTPATH:DEST[,...]",
            description = "Host files mounted into job containers (comma-separated; repeatable).")
    private List<String> files;

    @Option(names = "--fail-on-missing-files", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            converter = GoBoolean.class, description = "A missing host file of --files fails the job.")
    private Boolean failOnMissingFiles;

    @Option(names = "--upload-job-logs", paramLabel = "WHEN",
            description = "Upload each job's log as an artifact: never (default), always or when-trimmed.")
    private String uploadJobLogs;

    @Option(names = "--kubernetes-executor", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            converter = GoBoolean.class, description = "Run every job in a pod of its own (executor: kubernetes).")
    private Boolean kubernetesExecutor;

    @Option(names = "--kubernetes-pod-spec", paramLabel = "CONFIGMAP",
            description = "The ConfigMap that decorates job pods (keys mainContainer, sidecarContainers, pod).")
    private String kubernetesPodSpec;

    @Option(names = "--kubernetes-allowed-images", paramLabel = "REGEX[,...]",
            description = "Regular expressions a job's images must match (unanchored; none: every image).")
    private List<String> kubernetesAllowedImages;

    @Option(names = "--kubernetes-pod-start-timeout", paramLabel = "SECONDS",
            description = "How long a job's pod may take to be ready (default 300).")
    private String kubernetesPodStartTimeout;

    @Option(names = "--kubernetes-labels", paramLabel = "KEY=VALUE[,...]",
            description = "Labels of job pods and their Secrets.")
    private List<String> kubernetesLabels;

    @Option(names = "--kubernetes-default-image", paramLabel = "IMAGE",
            description = "The image of jobs that name no containers.")
    private String kubernetesDefaultImage;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "The plugins folder (default: plugins/ of the installation).")
    private String pluginsDir;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "A PEM bundle of extra CA certificates trusted for the control plane's HTTPS.")
    private String caFile;

    @Option(names = "--executor", paramLabel = "ID",
            description = "The executor plugin for every job; auto (default): follow the job's 'executor'.")
    private String executor;

    @Option(names = "--count", paramLabel = "N", description = "How many agents to run (default 1).")
    private String count;

    @Option(names = "--log-upload-timeout", paramLabel = "SECONDS",
            description = "How long a finished job's log upload is retried (default 600).")
    private String logUploadTimeout;

    @Option(names = "--status-address", paramLabel = "HOST:PORT",
            description = "Serve /healthz, /readyz and /metrics (Prometheus) there, e.g. 127.0.0.1:9464 (default: off).")
    private String statusAddress;

    /**
     * @return the flags given on the command line, by configuration key ({@code "no-https"}): a
     *         {@code String} for scalars (booleans as {@code "true"}/{@code "false"}), a
     *         {@code List<String>} for lists. Flags not given are absent, so that environment
     *         variables and the configuration file keep their values
     */
    public Map<String, Object> given() {
        Map<String, Object> flags = new LinkedHashMap<>();
        put(flags, "endpoint", endpoint);
        put(flags, "token", token);
        put(flags, "no-https", noHttps);
        put(flags, "name", name);
        put(flags, "name-from-env", nameFromEnv);
        put(flags, "shutdown-hook-path", shutdownHookPath);
        put(flags, "pre-job-hook-path", preJobHookPath);
        put(flags, "post-job-hook-path", postJobHookPath);
        put(flags, "fail-on-pre-job-hook-error", failOnPreJobHookError);
        put(flags, "source-pre-job-hook", sourcePreJobHook);
        put(flags, "disconnect-after-job", disconnectAfterJob);
        put(flags, "job-id", jobId);
        put(flags, "disconnect-after-idle-timeout", disconnectAfterIdleTimeout);
        put(flags, "interruption-grace-period", interruptionGracePeriod);
        put(flags, "env-vars", csv(envVars));
        put(flags, "files", csv(files));
        put(flags, "fail-on-missing-files", failOnMissingFiles);
        put(flags, "upload-job-logs", uploadJobLogs);
        put(flags, "kubernetes-executor", kubernetesExecutor);
        put(flags, "kubernetes-pod-spec", kubernetesPodSpec);
        put(flags, "kubernetes-allowed-images", csv(kubernetesAllowedImages));
        put(flags, "kubernetes-pod-start-timeout", kubernetesPodStartTimeout);
        put(flags, "kubernetes-labels", csv(kubernetesLabels));
        put(flags, "kubernetes-default-image", kubernetesDefaultImage);
        put(flags, "plugins-dir", pluginsDir);
        put(flags, "ca-file", caFile);
        put(flags, "executor", executor);
        put(flags, "count", count);
        put(flags, "log-upload-timeout", logUploadTimeout);
        put(flags, "status-address", statusAddress);
        return flags;
    }

    private static void put(Map<String, Object> flags, String key, Object value) {
        if (value instanceof Boolean bool) {
            flags.put(key, bool.toString());
        } else if (value != null) {
            flags.put(key, value);
        }
    }

    /** Splits each occurrence as a CSV record, as Go's pflag does for string slices. */
    private static List<String> csv(List<String> occurrences) {
        if (occurrences == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (String occurrence : occurrences) {
            values.addAll(csvRecord(occurrence));
        }
        return List.copyOf(values);
    }

    /**
     * One CSV record: fields separated by commas; a field that starts with {@code "} is quoted
     * ({@code ""} inside is one quote, commas are kept). An empty string is no field at all.
     */
    static List<String> csvRecord(String text) {
        List<String> fields = new ArrayList<>();
        if (text.isEmpty()) {
            return fields;
        }
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length()) {
                    char c = text.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                // Anything between the closing quote and the next comma is kept, as lenient CSV readers do.
            }
            while (i < text.length() && text.charAt(i) != ',') {
                field.append(text.charAt(i++));
            }
            fields.add(field.toString());
            if (i >= text.length()) {
                return fields;
            }
            i++; // the comma
        }
    }

    /** Go's {@code strconv.ParseBool} words, as Semaphore's agent accepts them after {@code --flag=}. */
    static final class GoBoolean implements ITypeConverter<Boolean> {
        private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
        private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

        @Override
        public Boolean convert(String value) {
            if (TRUE.contains(value)) {
                return true;
            }
            if (FALSE.contains(value)) {
                return false;
            }
            throw new TypeConversionException("'" + value + "' is not a boolean; use true or false");
        }
    }
}
