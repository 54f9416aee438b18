package dev.outrider.toolbox.artifact;

import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The jobs' {@code sem-context get|put|delete}: variables shared between a workflow's jobs and pipelines,
 * kept as workflow artifacts through the {@code artifact} command in the agent (upstream's words and exit
 * statuses: 1 not found or already there, 2 the artifact store failed, 3 bad input; {@code --ignore-failure}
 * turns every failure into 0).
 */
public final class SemContextCommand implements ToolboxCommand {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-_]{3,256}");
    private static final int VALUE_LIMIT = 20000;

    private static final Flag IGNORE_FAILURE = new Flag("ignore-failure", (char) 0, true,
            "Ignore if failure occurs, and always return 0.");
    private static final Flag FALLBACK = new Flag("fallback", (char) 0, false,
            "Default value to be returned if key does not exist.");
    private static final Flag FORCE = new Flag("force", 'f', true, "If same key already exists, overwrite it.");

    private final ArtifactCommand artifact;

    /** @param artifact the artifact command that keeps the values */
    public SemContextCommand(ArtifactCommand artifact) {
        this.artifact = Objects.requireNonNull(artifact, "artifact");
    }

    @Override
    public String name() {
        return "sem-context";
    }

    @Override
    public int run(ToolboxCall call) throws IOException, InterruptedException {
        List<String> args = call.args();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--fallback")) {
                i++;
            } else if (!arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
            }
        }
        String command = words.isEmpty() ? "" : words.get(0);
        List<Flag> flags = switch (command) {
            case "get" -> List.of(FALLBACK, Flag.help("get"), IGNORE_FAILURE);
            case "put" -> List.of(FORCE, Flag.help("put"), IGNORE_FAILURE);
            case "delete" -> List.of(Flag.help("delete"), IGNORE_FAILURE);
            default -> List.of(Flag.help("sem-context"), IGNORE_FAILURE);
        };
        if (!command.isEmpty() && !List.of("get", "put", "delete").contains(command)) {
            String error = "unknown command \"" + command + "\" for \"sem-context\"";
            call.output().err("Error: " + error + "\nRun 'sem-context --help' for usage.");
            call.output().out(error);
            return 1;
        }
        Options options;
        try {
            options = Options.read(args, flags);
        } catch (IllegalArgumentException e) {
            call.output().err("Error: " + e.getMessage() + "\n" + usage(command, flags));
            call.output().out(e.getMessage());
            return 1;
        }
        if (command.isEmpty() || options.help) {
            call.output().out(help(command, flags));
            return 0;
        }
        List<String> rest = words.subList(1, words.size());
        try {
            switch (command) {
                case "get" -> get(call, rest, options);
                case "put" -> put(call, rest, options);
                default -> delete(call, rest);
            }
            return 0;
        } catch (SemContextFailure e) {
            call.output().err(e.getMessage());
            return options.ignoreFailure ? 0 : e.exitCode();
        }
    }

    private void get(ToolboxCall call, List<String> args, Options options)
            throws SemContextFailure, IOException, InterruptedException {
        String key = keyArgument(args);
        Optional<String> value;
        try {
            value = search(call, key);
        } catch (SemContextFailure e) {
            if (e.exitCode() == 1 && !options.fallback.isEmpty()) {
                call.output().out(options.fallback);
                return;
            }
            throw e;
        }
        call.output().out(value.orElseThrow());
    }

    private void put(ToolboxCall call, List<String> args, Options options)
            throws SemContextFailure, IOException, InterruptedException {
        String[] pair = args.size() == 1 ? args.get(0).split("=", -1) : new String[0];
        if (pair.length != 2) {
            throw new SemContextFailure("Put command expects one argument in form of key=value", 3);
        }
        checkKey(pair[0]);
        if (pair[1].isEmpty()) {
            throw new SemContextFailure("Value cant be an empty string", 3);
        }
        if (pair[1].getBytes(java.nio.charset.StandardCharsets.UTF_8).length > VALUE_LIMIT) {
            throw new SemContextFailure("Value cant be more than 20KB in size", 3);
        }
        Optional<String> existing;
        try {
            existing = search(call, pair[0]);
        } catch (SemContextFailure e) {
            if (e.exitCode() == 2) {
                throw e;
            }
            existing = Optional.empty();
        }
        if (existing.isPresent() && !options.force) {
            throw new SemContextFailure("Key " + pair[0] + " already exists", 1);
        }
        ContextStore.of(artifact, call).put(pair[0], pair[1], current(call), call.output());
        call.output().out("Key value pair successfully stored");
    }

    private void delete(ToolboxCall call, List<String> args) throws SemContextFailure, IOException, InterruptedException {
        String key = keyArgument(args);
        search(call, key);
        ContextStore.of(artifact, call).delete(key, current(call), call.output());
        call.output().out("Key successfully deleted");
    }

    /** From the current pipeline's context to the workflow's first; a key marked deleted on the way ends the search. */
    private Optional<String> search(ToolboxCall call, String key) throws SemContextFailure, IOException, InterruptedException {
        ContextStore store = ContextStore.of(artifact, call);
        for (String context : PipelineContexts.of(call.environment())) {
            Optional<String> value = store.get(key, context, call.output());
            if (value.isPresent() && !value.get().isEmpty()) {
                return value;
            }
            if (store.deleted(key, context, call.output())) {
                break;
            }
        }
        throw new SemContextFailure("Cant find the key '" + key + "'", 1);
    }

    private static String current(ToolboxCall call) throws SemContextFailure {
        List<String> contexts = PipelineContexts.of(call.environment());
        if (contexts.isEmpty()) {
            throw new SemContextFailure("no SEMAPHORE_PIPELINE_<N>_ARTEFACT_ID variable is set: the job does not know"
                    + " its pipeline's context", 2);
        }
        return contexts.get(0);
    }

    private static String keyArgument(List<String> args) throws SemContextFailure {
        if (args.size() != 1) {
            throw new SemContextFailure("Exactly one argument expected", 3);
        }
        checkKey(args.get(0));
        return args.get(0);
    }

    private static void checkKey(String key) throws SemContextFailure {
        // as upstream: the key must contain such a run somewhere
        if (!KEY.matcher(key).find()) {
            throw new SemContextFailure("Key must be between 3 and 256 characters in length, and can contain letters, "
                    + "digits, and characters _ and - (no spaces)", 3);
        }
    }

    private static String help(String command, List<Flag> flags) {
        String description = switch (command) {
            case "get" -> "Get a variable";
            case "put" -> "Stores a variable";
            case "delete" -> "Delete a variable";
            default -> "Share variables between your Semaphore jobs";
        };
        return description + "\n\n" + usage(command, flags);
    }

    private static String usage(String command, List<Flag> flags) {
        if (command.isEmpty()) {
            return "Usage:\n  sem-context [command]\n\nAvailable Commands:\n"
                    + "  completion  Generate the autocompletion script for the specified shell\n"
                    + "  delete      Delete a variable\n  get         Get a variable\n"
                    + "  help        Help about any command\n  put         Stores a variable\n\nFlags:\n"
                    + Usage.flags(flags) + "\n\nUse \"sem-context [command] --help\" for more information about a command.\n";
        }
        String use = switch (command) {
            case "put" -> "put key=value";
            default -> command + " [key]";
        };
        return "Usage:\n  sem-context " + use + " [flags]\n\nFlags:\n" + Usage.flags(flags.subList(0, flags.size() - 1))
                + "\n\nGlobal Flags:\n" + Usage.flags(List.of(IGNORE_FAILURE)) + "\n";
    }

    /** The flags given. */
    private static final class Options {
        boolean help;
        boolean force;
        boolean ignoreFailure;
        String fallback = "";

        static Options read(List<String> args, List<Flag> flags) {
            Options options = new Options();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("-") || arg.equals("-")) {
                    continue;
                }
                boolean isLong = arg.startsWith("--");
                String body = arg.substring(isLong ? 2 : 1);
                int equals = body.indexOf('=');
                String name = equals < 0 ? body : body.substring(0, equals);
                Flag flag = flags.stream().filter(f -> isLong ? f.name().equals(name)
                        : name.length() == 1 && f.shorthand() == name.charAt(0)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(isLong ? "unknown flag: --" + name
                                : "unknown shorthand flag: '" + name.charAt(0) + "' in -" + body));
                String value;
                if (equals >= 0) {
                    value = body.substring(equals + 1);
                } else if (flag.bool()) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new IllegalArgumentException("flag needs an argument: " + arg);
                }
                switch (flag.name()) {
                    case "help" -> options.help = value.equals("true");
                    case "force" -> options.force = value.equals("true");
                    case "ignore-failure" -> options.ignoreFailure = value.equals("true");
                    default -> options.fallback = value;
                }
            }
            return options;
        }
    }
}
