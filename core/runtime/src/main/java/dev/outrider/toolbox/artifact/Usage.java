package dev.outrider.toolbox.artifact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The help and usage texts, laid out as the CLI's command library prints them (sections
 * {@code Usage:}, {@code Aliases:}, {@code Available Commands:}, {@code Flags:}, {@code Global Flags:};
 * flags sorted by name, descriptions aligned).
 */
final class Usage {

    static final List<Flag> GLOBAL = List.of(Flag.CONFIG, Flag.VERBOSE);

    private Usage() {
    }

    /** @return the root command's help */
    static String rootHelp() {
        return "Semaphore 2.0 Artifact CLI\n\n" + rootUsage();
    }

    static String rootUsage() {
        List<Flag> flags = new ArrayList<>(GLOBAL);
        flags.add(Flag.help("artifact"));
        return "Usage:\n  artifact [command]\n\nAvailable Commands:\n"
                + command("completion", "Generate the autocompletion script for the specified shell")
                + command("help", "Help about any command")
                + command(Operation.PULL.word(), Operation.PULL.shortHelp())
                + command(Operation.PUSH.word(), Operation.PUSH.shortHelp())
                + command(Operation.YANK.word(), Operation.YANK.shortHelp())
                + "\nFlags:\n" + flags(flags)
                + "\n\nUse \"artifact [command] --help\" for more information about a command.\n";
    }

    /** @return a verb's help ({@code artifact push --help}) */
    static String operationHelp(Operation operation) {
        return operation.longHelp() + "\n\n" + operationUsage(operation);
    }

    static String operationUsage(Operation operation) {
        String path = "artifact " + operation.word();
        StringBuilder text = new StringBuilder("Usage:\n  " + path + " [command]\n");
        if (operation == Operation.YANK) {
            text.append("\nAliases:\n  yank, delete\n");
        }
        text.append("\nAvailable Commands:\n");
        for (Scope scope : List.of(Scope.JOB, Scope.PROJECT, Scope.WORKFLOW)) {
            text.append(command(scope.word(), operation.scopeHelp(scope)));
        }
        text.append("\nFlags:\n").append(flags(List.of(Flag.help(operation.word()))));
        text.append("\n\nGlobal Flags:\n").append(flags(GLOBAL));
        text.append("\n\nUse \"").append(path).append(" [command] --help\" for more information about a command.\n");
        return text.toString();
    }

    /** @return a subcommand's help ({@code artifact push job --help}) */
    static String leafHelp(Operation operation, Scope scope) {
        return operation.scopeHelp(scope) + "\n\n" + leafUsage(operation, scope);
    }

    static String leafUsage(Operation operation, Scope scope) {
        List<Flag> local = new ArrayList<>(operation.flags(scope));
        local.add(Flag.help(scope.word()));
        return "Usage:\n  artifact " + operation.word() + " " + scope.word() + " " + operation.argument() + " [flags]\n"
                + "\nFlags:\n" + flags(local) + "\n\nGlobal Flags:\n" + flags(GLOBAL) + "\n";
    }

    private static String command(String name, String description) {
        return "  " + name + " ".repeat(Math.max(11 - name.length(), 0)) + " " + description + "\n";
    }

    /** The flag table: {@code   -d, --destination string   text}, continuation lines indented under the text. */
    static String flags(List<Flag> flags) {
        List<Flag> sorted = flags.stream().sorted(Comparator.comparing(Flag::name)).toList();
        List<String> heads = new ArrayList<>();
        int width = 0;
        for (Flag flag : sorted) {
            String head = flag.shorthand() != 0
                    ? "  -" + flag.shorthand() + ", --" + flag.name()
                    : "      --" + flag.name();
            if (!flag.bool()) {
                head += " string";
            }
            heads.add(head);
            width = Math.max(width, head.length() + 1);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            String head = heads.get(i);
            String usage = sorted.get(i).usage().replace("\n", "\n" + " ".repeat(width + 2));
            text.append(head).append(' ').append(" ".repeat(width - head.length())).append(' ').append(usage).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
