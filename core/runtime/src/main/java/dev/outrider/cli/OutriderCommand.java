package dev.outrider.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: {@code outrider COMMAND}. */
@Command(name = "outrider",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hosted CI agent for Semaphore CI, with executors, log sinks and cache backends as plugins.",
        subcommands = {StartCommand.class, RunCommand.class, PluginsCommand.class, VersionCommand.class,
            HelpCommand.class})
final class OutriderCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: start, run, plugins or version");
    }
}
