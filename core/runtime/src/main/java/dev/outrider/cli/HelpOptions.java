package dev.outrider.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h, --help} and {@code -V, --version}, as picocli's {@code mixinStandardHelpOptions} adds them, for the
 * commands whose model is built in code: the mixin reads its own annotations by reflection, which {@code outrider
 * start} avoids to start faster.
 */
final class HelpOptions {

    private HelpOptions() {
    }

    /** @param command the command's model, which gets both options */
    static void addTo(CommandSpec command) {
        command.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .description("Show this help message and exit.").build());
        command.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .description("Print version information and exit.").build());
    }
}
