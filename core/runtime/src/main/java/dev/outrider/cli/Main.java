package dev.outrider.cli;

import dev.outrider.app.VertxStart;
import picocli.CommandLine;

/** The {@code outrider} command. */
public final class Main {

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        // an agent's Vert.x starts on the other core while the command line and the configuration are read
        boolean start = args.length > 0 && args[0].equals("start");
        CommandLine commandLine = commandLine(start ? VertxStart.begin() : VertxStart.onDemand());
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
        return commandLine(VertxStart.onDemand());
    }

    private static CommandLine commandLine(VertxStart vertxStart) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine commandLine = new CommandLine(new OutriderCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == StartCommand.class ? type.cast(new StartCommand(vertxStart)) : defaults.create(type);
            }
        });
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            cl.getErr().println("outrider: " + exception.getMessage());
            return ExitCodes.INTERNAL;
        });
        return commandLine;
    }
}
