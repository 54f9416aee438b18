package dev.outrider.cli;

import dev.outrider.app.VertxStart;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/** The {@code outrider} command. */
public final class Main {

    /** Outrider's own commands, by name, in the order help lists them. */
    private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("start", StartCommand.class);
        COMMANDS.put("run", RunCommand.class);
        COMMANDS.put("plugins", PluginsCommand.class);
        COMMANDS.put("version", VersionCommand.class);
        COMMANDS.put("help", HelpCommand.class);
    }

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        // picocli reads a command's options by reflection: only the command asked for is added (help, a mistyped or a
        // plugin's command get them all; start's model is built in code); an agent's Vert.x starts on the other core
        // meanwhile
        String asked = args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help") ? args[0] : null;
        VertxStart vertxStart = "start".equals(asked) ? VertxStart.begin() : VertxStart.onDemand();
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
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == StartCommand.class ? type.cast(new StartCommand(vertxStart)) : defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new OutriderCommand().spec(), factory);
        for (Map.Entry<String, Class<?>> command : COMMANDS.entrySet()) {
            if (only == null || only.equals(command.getKey())) {
                Object created;
                try {
                    created = factory.create(command.getValue());
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the command '" + command.getKey() + "'", e);
                }
                // start's model is built in code; the others are read from their annotations
                commandLine.addSubcommand(command.getKey(), created instanceof StartCommand start ? start.spec() : created);
            }
        }
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            cl.getErr().println("outrider: " + exception.getMessage());
            return ExitCodes.INTERNAL;
        });
        return commandLine;
    }
}
