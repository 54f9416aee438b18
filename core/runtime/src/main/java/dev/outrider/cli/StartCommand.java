package dev.outrider.cli;

import dev.outrider.app.AgentFleet;
import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.app.VertxStart;
import dev.outrider.config.ConfigException;
import dev.outrider.config.ConfigLoader;
import dev.outrider.config.OutriderConfig;
import dev.outrider.job.CrashLeftovers;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code outrider start}: the Semaphore self-hosted agent, one or several agents in this process. Its picocli model is
 * built in code ({@link #spec()}), not read from annotations: the agent's start-up is measured to its first request.
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
        configFile = OptionSpec.builder("--config-file").paramLabel("FILE").type(Path.class)
                .description("The agent's YAML configuration: Semaphore's agent config works unchanged.").build();
        spec.addOption(configFile);
    }

    /** @return the command's picocli model, whose user object is this command */
    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        OutriderConfig config;
        try {
            Map<String, String> environment = new HashMap<>(System.getenv());
            Map<String, Object> given = new LinkedHashMap<>(flags.given());
            HandedToken.fromLauncher().ifPresent(token -> token.putInto(given, environment));
            config = ConfigLoader.load(Optional.ofNullable(configFile.<Path>getValue()), environment, given,
                    ConfigLoader.Mode.START);
        } catch (ConfigException | IllegalStateException e) {
            err.println("outrider: " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        Path plugins = config.pluginsDir().orElseGet(PluginsDirectory::byDefault);
        try (Outrider outrider = Outrider.start(new OutriderInfo(OutriderVersion.get(), plugins), config, vertxStart)) {
            AgentFleet fleet;
            try {
                fleet = outrider.agentRuntime().prepare();
            } catch (UnknownExtensionException | PluginException | IllegalArgumentException | IllegalStateException e) {
                err.println("outrider: " + e.getMessage());
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
            try (fleet) {
                // what crashed agents left is removed while the agents register: it is no job of theirs (folder and
                // cgroup names carry the agent's process), and it should not delay the first register request
                Thread cleanUp = Thread.ofPlatform().daemon().name("crash-leftovers")
                        .start(() -> outrider.get(CrashLeftovers.class).remove());
                AtomicBoolean exitAtOnce = new AtomicBoolean();
                InterruptSignals.install(err, "telling the control plane and waiting for it to stop the job and "
                        + "shut the agent down", fleet::interrupted, () -> {
                            exitAtOnce.set(true);
                            fleet.stopJobsNow();
                        });
                int exit = fleet.run();
                cleanUp.join();
                // a second signal stops the jobs; their agents may finish first: the exit is still "stopped"
                return exitAtOnce.get() ? ExitCodes.STOPPED : exit;
            }
        }
    }
}
