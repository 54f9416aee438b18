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
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** What {@code outrider start} does once its command line is read, by picocli or {@link PlainStartArguments}. */
final class AgentsRun {

    private AgentsRun() {
    }

    /**
     * Runs the agents, without picocli, reporting what goes wrong as {@link Main}'s picocli command line would.
     *
     * @param vertxStart where the core's Vert.x comes from
     * @param arguments  what the command line gave
     * @return the exit status
     */
    static int runPlain(VertxStart vertxStart, StartArguments arguments) {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        try {
            return run(vertxStart, arguments, err);
        } catch (Exception e) {
            return Main.internalError(err, e);
        }
    }

    /**
     * Runs the agents until they are told to shut down.
     *
     * @param vertxStart where the core's Vert.x comes from
     * @param arguments  what the command line gave
     * @param err        where errors are printed
     * @return the exit status
     * @throws InterruptedException if interrupted while waiting for the agents
     */
    static int run(VertxStart vertxStart, StartArguments arguments, PrintWriter err) throws InterruptedException {
        OutriderConfig config;
        try {
            Map<String, String> environment = new HashMap<>(System.getenv());
            Map<String, Object> given = new LinkedHashMap<>(arguments.flags());
            HandedToken.fromLauncher().ifPresent(token -> token.putInto(given, environment));
            config = ConfigLoader.load(arguments.configFile(), environment, given, ConfigLoader.Mode.START);
        } catch (ConfigException | IllegalStateException e) {
            return refused(err, e);
        }
        Path plugins = config.pluginsDir().orElseGet(PluginsDirectory::byDefault);
        try (Outrider outrider = Outrider.start(new OutriderInfo(OutriderVersion.get(), plugins), config, vertxStart)) {
            AgentFleet fleet;
            try {
                fleet = outrider.agentRuntime().prepare();
            } catch (UnknownExtensionException | PluginException | IllegalArgumentException | IllegalStateException e) {
                return refused(err, e);
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

    /** Reports a configuration or plugin the agents cannot start with; returns the exit status for it. */
    private static int refused(PrintWriter err, RuntimeException e) {
        err.println("outrider: " + e.getMessage());
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }
}
