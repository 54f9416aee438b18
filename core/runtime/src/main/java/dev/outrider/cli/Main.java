package dev.outrider.cli;

import picocli.CommandLine;

/** The {@code outrider} command. */
public final class Main {

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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
