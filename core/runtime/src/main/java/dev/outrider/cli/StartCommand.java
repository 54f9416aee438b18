package dev.outrider.cli;

import dev.outrider.app.VertxStart;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code outrider start}: the Semaphore self-hosted agent, one or several agents in this process. Its picocli model is
 * built in code ({@link #spec()}), not read from annotations: the agent's start-up is measured to its first request.
 * Plain command lines do not reach picocli at all ({@link PlainStartArguments}); {@link AgentsRun} serves both.
 */
final class StartCommand implements Callable<Integer> {

    private final VertxStart vertxStart;
    private final StartFlags flags = new StartFlags();
    private final CommandSpec spec;
    private final OptionSpec configFile;

    /** @param vertxStart where the core's Vert.x comes from ({@code outrider start} begins it before parsing) */
    StartCommand(VertxStart vertxStart) {
        this.vertxStart = vertxStart;
        spec = CommandSpec.wrapWithoutInspection(this).name("start");
        spec.usageMessage().description(
                "Registers with Semaphore's control plane and runs the jobs it is given, as Semaphore's "
                        + "'agent start' does; with an 'agents:' list in the configuration, several agents of several types.",
                "Configuration: --config-file, then SEMAPHORE_AGENT_* / OUTRIDER_* environment variables, then flags.",
                "Exit status: 0 shut down as told, 1 could not register or sync, 2 invalid configuration.");
        HelpOptions.addTo(spec);
        flags.addTo(spec);
        configFile = OptionSpec.builder("--" + StartArguments.CONFIG_FILE).paramLabel("FILE").type(Path.class)
                .description("The agent's YAML configuration: Semaphore's agent config works unchanged.").build();
        spec.addOption(configFile);
    }

    /** @return the command's picocli model, whose user object is this command */
    CommandSpec spec() {
        return spec;
    }

    /** @return what picocli read from the command line */
    StartArguments parsed() {
        return new StartArguments(flags.given(), Optional.ofNullable(configFile.getValue()));
    }

    @Override
    public Integer call() throws InterruptedException {
        return AgentsRun.run(vertxStart, parsed(), spec.commandLine().getErr());
    }
}
