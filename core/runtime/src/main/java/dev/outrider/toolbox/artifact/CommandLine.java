package dev.outrider.toolbox.artifact;

import dev.outrider.toolbox.call.CommandSuggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the command's arguments the way the CLI's command library does: the verb and the scope are the
 * first two words that are not flags, flags may come anywhere (long {@code --name value},
 * {@code --name=value}; short {@code -d value}, {@code -dvalue}, grouped booleans {@code -fv}), {@code --}
 * ends the flags and a lone {@code -} is an argument.
 */
final class CommandLine {

    /** the subcommands as cobra lists them (with its own completion and help) */
    private static final List<String> COMMANDS = List.of("completion", "help", "pull", "push", "yank");

    /** What the arguments ask for. */
    sealed interface Parsed {
    }

    /**
     * Run a subcommand.
     *
     * @param operation push, pull or yank
     * @param scope     job, workflow or project
     * @param path      the one argument
     * @param values    the string flags given, by long name
     * @param force     {@code --force}
     * @param verbose   {@code --verbose}
     */
    record Run(Operation operation, Scope scope, String path, Map<String, String> values, boolean force,
               boolean verbose) implements Parsed {
        String value(String flag) {
            return values.getOrDefault(flag, "");
        }
    }

    /** @param stdout the help text (exit 0) */
    record Help(String stdout) implements Parsed {
    }

    /**
     * @param stderr what the CLI prints (exit 1)
     */
    record Failure(String stderr) implements Parsed {
    }

    private static final List<String> VALUE_FLAGS = List.of("config", "destination", "expire-in", "job-id",
            "workflow-id", "project-id");
    private static final String VALUE_SHORTHANDS = "dejwp";

    private CommandLine() {
    }

    static Parsed parse(List<String> args) {
        List<String> words = words(args);
        if (words.isEmpty()) {
            return flagsOnly(args, withGlobal(List.of(Flag.help("artifact"))), Usage.rootUsage(), Usage.rootHelp());
        }
        String first = words.get(0);
        if (first.equals("help")) {
            return help(words.subList(1, words.size()));
        }
        Optional<Operation> operation = Operation.of(first);
        if (operation.isEmpty()) {
            String error = "unknown command \"" + first + "\" for \"artifact\"" + CommandSuggestions.forTyped(first, COMMANDS);
            return new Failure("Error: " + error + "\nRun 'artifact --help' for usage.\nerror: " + error + "\n");
        }
        Operation op = operation.get();
        Optional<Scope> scope = words.size() > 1 ? Scope.of(words.get(1)) : Optional.empty();
        if (scope.isEmpty()) {
            return flagsOnly(args, withGlobal(List.of(Flag.help(op.word()))), Usage.operationUsage(op),
                    Usage.operationHelp(op));
        }
        List<Flag> flags = new ArrayList<>(op.flags(scope.get()));
        flags.add(Flag.help(scope.get().word()));
        String usage = Usage.leafUsage(op, scope.get());
        Values values;
        try {
            values = Values.read(args, withGlobal(flags));
        } catch (IllegalArgumentException e) {
            return failure(e.getMessage(), usage);
        }
        if (values.bools.containsKey("help")) {
            return new Help(Usage.leafHelp(op, scope.get()));
        }
        List<String> rest = values.positionals.subList(2, values.positionals.size());
        if (rest.size() != 1) {
            return failure("accepts 1 arg(s), received " + rest.size(), usage);
        }
        return new Run(op, scope.get(), rest.get(0), values.strings, values.bools.getOrDefault("force", false),
                values.bools.getOrDefault("verbose", false));
    }

    private static Parsed help(List<String> words) {
        if (words.isEmpty()) {
            return new Help(Usage.rootHelp());
        }
        Optional<Operation> op = Operation.of(words.get(0));
        if (op.isEmpty()) {
            return new Help("Unknown help topic [`" + String.join(" ", words) + "`]\n" + Usage.rootUsage());
        }
        Optional<Scope> scope = words.size() > 1 ? Scope.of(words.get(1)) : Optional.empty();
        return new Help(scope.map(s -> Usage.leafHelp(op.get(), s)).orElseGet(() -> Usage.operationHelp(op.get())));
    }

    private static Parsed flagsOnly(List<String> args, List<Flag> flags, String usage, String help) {
        try {
            Values.read(args, flags);
        } catch (IllegalArgumentException e) {
            return failure(e.getMessage(), usage);
        }
        return new Help(help);
    }

    private static Failure failure(String error, String usage) {
        return new Failure("Error: " + error + "\n" + usage + "\nerror: " + error + "\n");
    }

    private static List<Flag> withGlobal(List<Flag> flags) {
        List<Flag> all = new ArrayList<>(flags);
        all.addAll(Usage.GLOBAL);
        return all;
    }

    /** The words that are not flags nor flag values, by the flags any command has. */
    private static List<String> words(List<String> args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                words.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.startsWith("--")) {
                if (!arg.contains("=") && VALUE_FLAGS.contains(arg.substring(2))) {
                    i++;
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                if (arg.length() == 2 && VALUE_SHORTHANDS.indexOf(arg.charAt(1)) >= 0) {
                    i++;
                }
            } else {
                words.add(arg);
            }
        }
        return words;
    }


    /** The flags and arguments of one command, by its flag set. */
    private static final class Values {
        final Map<String, String> strings = new HashMap<>();
        final Map<String, Boolean> bools = new HashMap<>();
        final List<String> positionals = new ArrayList<>();

        static Values read(List<String> args, List<Flag> flags) {
            Values values = new Values();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--")) {
                    values.positionals.addAll(args.subList(i + 1, args.size()));
                    break;
                }
                if (arg.startsWith("--")) {
                    i = values.readLong(args, i, flags);
                } else if (arg.startsWith("-") && arg.length() > 1) {
                    i = values.readShort(args, i, flags);
                } else {
                    values.positionals.add(arg);
                }
            }
            return values;
        }

        private int readLong(List<String> args, int i, List<Flag> flags) {
            String arg = args.get(i);
            String body = arg.substring(2);
            int equals = body.indexOf('=');
            String name = equals < 0 ? body : body.substring(0, equals);
            Flag flag = flags.stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown flag: --" + name));
            if (equals >= 0) {
                set(flag, body.substring(equals + 1));
                return i;
            }
            if (flag.bool()) {
                set(flag, "true");
                return i;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("flag needs an argument: " + arg);
            }
            set(flag, args.get(i + 1));
            return i + 1;
        }

        private int readShort(List<String> args, int i, List<Flag> flags) {
            String letters = args.get(i).substring(1);
            for (int k = 0; k < letters.length(); k++) {
                char c = letters.charAt(k);
                Flag flag = flags.stream().filter(f -> f.shorthand() == c).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unknown shorthand flag: '" + c + "' in -" + letters));
                String rest = letters.substring(k + 1);
                if (flag.bool()) {
                    if (rest.startsWith("=")) {
                        set(flag, rest.substring(1));
                        return i;
                    }
                    set(flag, "true");
                    continue;
                }
                if (rest.startsWith("=")) {
                    set(flag, rest.substring(1));
                } else if (!rest.isEmpty()) {
                    set(flag, rest);
                } else if (i + 1 < args.size()) {
                    set(flag, args.get(i + 1));
                    return i + 1;
                } else {
                    throw new IllegalArgumentException("flag needs an argument: '" + c + "' in -" + letters);
                }
                return i;
            }
            return i;
        }

        private void set(Flag flag, String value) {
            if (!flag.bool()) {
                strings.put(flag.name(), value);
                return;
            }
            Boolean parsed = switch (value) {
                case "1", "t", "T", "true", "TRUE", "True" -> true;
                case "0", "f", "F", "false", "FALSE", "False" -> false;
                default -> null;
            };
            if (parsed == null) {
                String name = (flag.shorthand() != 0 ? "-" + flag.shorthand() + ", " : "") + "--" + flag.name();
                throw new IllegalArgumentException("invalid argument \"" + value + "\" for \"" + name
                        + "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
            }
            bools.put(flag.name(), parsed);
        }
    }
}
