package dev.outrider.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command: {@code outrider COMMAND}. Its commands (start, run, plugins, version, help) are added by
 * {@link Main}: only the one asked for, when one is, since picocli reads each command's options by reflection.
 */
@Command(name = "outrider",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hosted CI agent for Semaphore CI, with executors, log sinks and cache backends as plugins.")
final class OutriderCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: start, run, plugins or version");
    }
}
