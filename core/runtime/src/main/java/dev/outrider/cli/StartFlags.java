package dev.outrider.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The configuration keys {@code outrider start} takes as flags, as Semaphore's {@code agent start}
 * spells them ({@code --endpoint HOST}, {@code --no-https}, {@code --env-vars A=1,B=2}, ...), plus
 * Outrider's. {@link #addTo} a command's model, parse, then hand {@link #given()} to {@code ConfigLoader.load}.
 *
 * <p>Booleans may stand alone ({@code --no-https}) or take a value after {@code =}
 * ({@code --no-https=false}; Go's words 1, t, T, TRUE, True, 0, f, ... too). Lists are
 * comma-separated with CSV quoting ({@code --env-vars 'A=1,"B=x,y"'}) and the flag may be repeated.
 * Whole numbers are checked by {@code ConfigLoader}, so the error names the flag like any other.
 *
 * <p>The flags are a table, added to the command's picocli model as it is built ({@link #addTo}) rather than read
 * from annotated fields: reading them by reflection cost the agent about 30 ms of its start-up.
 */
public final class StartFlags {

    /** How a flag's value is taken. */
    enum Kind {
        /** one word; whole numbers too (checked by {@code ConfigLoader}) */
        TEXT,
        /** alone or {@code =BOOL}, in Go's words */
        BOOL,
        /** comma-separated with CSV quoting, repeatable */
        LIST
    }

    /**
     * @param key         the configuration key, also the flag's name after {@code --}
     * @param label       the value's name in the help
     * @param kind        how the value is taken
     * @param description the help's line
     */
    private record Flag(String key, String label, Kind kind, String description) {
    }

    private static final List<Flag> FLAGS = List.of(
            new Flag("endpoint", "HOST[:PORT]", Kind.TEXT,
                    "The Semaphore control plane, e.g. my-org.semaphoreci.com."),
            new Flag("token", "TOKEN", Kind.TEXT,
                    "The agent type's registration token."),
            new Flag("no-https", "BOOL", Kind.BOOL,
                    "Talk to the control plane over http instead of https."),
            new Flag("name", "NAME", Kind.TEXT,
                    "The agent's name (8-80 bytes, or a URL); default: random. Only with count 1."),
            new Flag("name-from-env", "VARIABLE", Kind.TEXT,
                    "Read the agent's name from this environment variable (deprecated in Semaphore)."),
            new Flag("shutdown-hook-path", "FILE", Kind.TEXT,
                    "A script run with bash when the agent shuts down."),
            new Flag("pre-job-hook-path", "FILE", Kind.TEXT,
                    "A script run in each job's shell before its commands."),
            new Flag("post-job-hook-path", "FILE", Kind.TEXT,
                    "A script run in each job's shell after its epilogues."),
            new Flag("fail-on-pre-job-hook-error", "BOOL", Kind.BOOL,
                    "A failing pre-job hook fails the job."),
            new Flag("source-pre-job-hook", "BOOL", Kind.BOOL,
                    "Source the pre-job hook instead of running it with bash."),
            new Flag("disconnect-after-job", "BOOL", Kind.BOOL,
                    "Leave after one job."),
            new Flag("job-id", "ID", Kind.TEXT,
                    "Take only this job (needs --disconnect-after-job)."),
            new Flag("disconnect-after-idle-timeout", "SECONDS", Kind.TEXT,
                    "Leave after this long without a job; 0 (default): never."),
            new Flag("interruption-grace-period", "SECONDS", Kind.TEXT,
                    "How long a job may still run after the agent is interrupted."),
            new Flag("env-vars", "NAME=VALUE[,...]", Kind.LIST,
                    "Variables exported into every job (comma-separated; repeatable)."),
            new Flag("files", "HOSTPATH:DEST[,...]", Kind.LIST,
                    "Host files mounted into job containers (comma-separated; repeatable)."),
            new Flag("fail-on-missing-files", "BOOL", Kind.BOOL,
                    "A missing host file of --files fails the job."),
            new Flag("upload-job-logs", "WHEN", Kind.TEXT,
                    "Upload each job's log as an artifact: never (default), always or when-trimmed."),
            new Flag("kubernetes-executor", "BOOL", Kind.BOOL,
                    "Run every job in a pod of its own (executor: kubernetes)."),
            new Flag("kubernetes-pod-spec", "CONFIGMAP", Kind.TEXT,
                    "The ConfigMap that decorates job pods (keys mainContainer, sidecarContainers, pod)."),
            new Flag("kubernetes-allowed-images", "REGEX[,...]", Kind.LIST,
                    "Regular expressions a job's images must match (unanchored; none: every image)."),
            new Flag("kubernetes-pod-start-timeout", "SECONDS", Kind.TEXT,
                    "How long a job's pod may take to be ready (default 300)."),
            new Flag("kubernetes-labels", "KEY=VALUE[,...]", Kind.LIST,
                    "Labels of job pods and their Secrets."),
            new Flag("kubernetes-default-image", "IMAGE", Kind.TEXT,
                    "The image of jobs that name no containers."),
            new Flag("plugins-dir", "DIR", Kind.TEXT,
                    "The plugins folder (default: plugins/ of the installation)."),
            new Flag("ca-file", "FILE", Kind.TEXT,
                    "A PEM bundle of extra CA certificates trusted for the control plane's HTTPS."),
            new Flag("executor", "ID", Kind.TEXT,
                    "The executor plugin for every job; auto (default): follow the job's 'executor'."),
            new Flag("count", "N", Kind.TEXT,
                    "How many agents to run (default 1)."),
            new Flag("log-upload-timeout", "SECONDS", Kind.TEXT,
                    "How long a finished job's log upload is retried (default 600)."),
            new Flag("status-address", "HOST:PORT", Kind.TEXT,
                    "Serve /healthz, /readyz and /metrics (Prometheus) there, e.g. 127.0.0.1:9464 (default: off)."));

    private static final Set<String> GO_TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    /**
     * Adds the flags to a command's model; call once, before parsing.
     *
     * @param command the command's picocli model
     */
    public void addTo(CommandSpec command) {
        if (!options.isEmpty()) {
            throw new IllegalStateException("the flags of outrider start were added to a command already");
        }
        for (Flag flag : FLAGS) {
            OptionSpec.Builder option = OptionSpec.builder("--" + flag.key()).paramLabel(flag.label())
                    .description(flag.description());
            switch (flag.kind()) {
                case TEXT -> option.type(String.class);
                case BOOL -> option.type(Boolean.class).arity("0..1").fallbackValue("true").converters(new GoBoolean());
                case LIST -> option.type(List.class).auxiliaryTypes(String.class);
            }
            OptionSpec built = option.build();
            command.addOption(built);
            options.put(flag.key(), built);
        }
    }

    /**
     * @return the flags given on the command line, by configuration key ({@code "no-https"}): a
     *         {@code String} for scalars (booleans as {@code "true"}/{@code "false"}), a
     *         {@code List<String>} for lists. Flags not given are absent, so that environment
     *         variables and the configuration file keep their values
     */
    public Map<String, Object> given() {
        return given(key -> {
            OptionSpec option = options.get(key);
            return option == null ? null : option.getValue();
        });
    }

    /**
     * @param key a flag's name after {@code --}
     * @return how that flag takes its value; empty if {@code outrider start} has no such configuration flag
     */
    static Optional<Kind> kindOf(String key) {
        for (Flag flag : FLAGS) {
            if (flag.key().equals(key)) {
                return Optional.of(flag.kind());
            }
        }
        return Optional.empty();
    }

    /**
     * @param parsed a flag's parsed value by key, or null when it was not given: a {@code String} for a text flag, a
     *               {@code Boolean} for a boolean, the occurrences' {@code List<String>} for a list
     * @return the flags given, as {@link #given()} describes them
     */
    static Map<String, Object> given(Function<String, Object> parsed) {
        Map<String, Object> flags = new LinkedHashMap<>();
        for (Flag flag : FLAGS) {
            Object value = parsed.apply(flag.key());
            if (value == null) {
                continue;
            }
            if (flag.kind() == Kind.LIST) {
                List<String> occurrences = new ArrayList<>();
                for (Object occurrence : (List<?>) value) {
                    occurrences.add((String) occurrence);
                }
                flags.put(flag.key(), csv(occurrences));
            } else {
                flags.put(flag.key(), value.toString());
            }
        }
        return flags;
    }

    /** Splits each occurrence as a CSV record, as Go's pflag does for string slices. */
    private static List<String> csv(List<String> occurrences) {
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

        @Override
        public Boolean convert(String value) {
            return goBoolean(value).orElseThrow(
                    () -> new TypeConversionException("'" + value + "' is not a boolean; use true or false"));
        }
    }

    /**
     * @param value a boolean flag's value after {@code =}
     * @return the boolean a word of Go's {@code strconv.ParseBool} stands for; empty for another word
     */
    static Optional<Boolean> goBoolean(String value) {
        if (GO_TRUE.contains(value)) {
            return Optional.of(true);
        }
        return GO_FALSE.contains(value) ? Optional.of(false) : Optional.empty();
    }
}
