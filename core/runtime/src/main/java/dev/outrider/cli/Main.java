package dev.outrider.cli;

import picocli.CommandLine;

/** The {@code outrider} command. */
public final class Main {

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
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
        CommandLine commandLine = new CommandLine(new OutriderCommand());
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            cl.getErr().println("outrider: " + exception.getMessage());
            return ExitCodes.INTERNAL;
        });
        return commandLine;
    }
}
