package dev.outrider.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The top command: {@code outrider COMMAND}. Its commands (start, run, plugins, version, help) are added by
 * {@link Main}: only the one asked for, when one is, since picocli reads each command's options by reflection. Its
 * own model is built in code ({@link #spec()}).
 */
final class OutriderCommand implements Runnable {

    private final CommandSpec spec;

    OutriderCommand() {
        spec = CommandSpec.wrapWithoutInspection(this).name("outrider").versionProvider(new VersionProvider());
        spec.usageMessage().description(
                "A self-hosted CI agent for Semaphore CI, with executors, log sinks and cache backends as plugins.");
        HelpOptions.addTo(spec);
    }

    /** @return the command's picocli model, whose user object is this command */
    CommandSpec spec() {
        return spec;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: start, run, plugins or version");
    }
}
