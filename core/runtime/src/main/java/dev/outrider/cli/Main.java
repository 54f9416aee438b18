package dev.outrider.cli;

import dev.outrider.app.VertxStart;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/** The {@code outrider} command. */
public final class Main {

    /**
     * Outrider's own commands, by name, in the order help lists them: what picocli adds for each (start's model, built
     * in code with where its Vert.x comes from; the others' classes, whose annotations picocli reads).
     */
    private static final Map<String, Function<VertxStart, Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("start", vertxStart -> new StartCommand(vertxStart).spec());
        COMMANDS.put("run", vertxStart -> RunCommand.class);
        COMMANDS.put("plugins", vertxStart -> PluginsCommand.class);
        COMMANDS.put("version", vertxStart -> VersionCommand.class);
        COMMANDS.put("help", vertxStart -> HelpCommand.class);
    }

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        // picocli reads a command's options by reflection: only the command asked for is added (help, a mistyped or a
        // plugin's command get them all; start's model is built in code, and a plain start command line does not reach
        // picocli at all); an agent's Vert.x starts on the other core meanwhile
        String asked = args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help") ? args[0] : null;
        VertxStart vertxStart = "start".equals(asked) ? VertxStart.begin() : VertxStart.onDemand();
        if ("start".equals(asked)) {
            Optional<StartArguments> plain = PlainStartArguments.read(Arrays.asList(args).subList(1, args.length));
            if (plain.isPresent()) {
                System.exit(AgentsRun.runPlain(vertxStart, plain.get()));
            }
        }
        CommandLine commandLine = commandLine(vertxStart, asked);
        if (isPluginCommand(commandLine, args)) {
            System.exit(PluginCommandRunner.run(args, System.getenv(), System.out, System.err));
        }
        System.exit(commandLine.execute(args));
    }

    /** @return whether the first argument names no command of Outrider's own: then a plugin may add it */
    static boolean isPluginCommand(CommandLine commandLine, String[] args) {
        return args.length > 0 && args[0].matches("[a-z][a-z0-9-]*")
                && !commandLine.getSubcommands().containsKey(args[0]);
    }

    /** @return the command line, ready to execute (tests run it in-process) */
    public static CommandLine commandLine() {
        return commandLine(VertxStart.onDemand(), null);
    }

    /** @param only the one command of Outrider's own to add, or {@code null} for all */
    private static CommandLine commandLine(VertxStart vertxStart, String only) {
        CommandLine commandLine = new CommandLine(new OutriderCommand().spec());
        COMMANDS.forEach((name, command) -> {
            if (only == null || only.equals(name)) {
                commandLine.addSubcommand(name, command.apply(vertxStart));
            }
        });
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> internalError(cl.getErr(), exception));
        return commandLine;
    }

    /**
     * Reports an exception a command did not expect.
     *
     * @param err       where to
     * @param exception what the command threw
     * @return the exit status to end with
     */
    static int internalError(PrintWriter err, Exception exception) {
        err.println("outrider: " + exception.getMessage());
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
