package dev.outrider.cli;

import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code outrider NAME ARGS...} for a command that a plugin adds ({@link PluginCommand}): loads the
 * plugins (from {@code OUTRIDER_PLUGINS_DIR}, else {@code plugins/} of the installation) and runs the
 * command on a thread of its own, which SIGINT and SIGTERM interrupt.
 */
final class PluginCommandRunner {

    /** How long an interrupted command may take to stop before the process exits anyway. */
    private static final long STOP_GRACE_SECONDS = 30;

    private PluginCommandRunner() {
    }

    /**
     * @param args        the command line: the command's name, then its arguments
     * @param environment the process environment
     * @return the exit status
     */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String name = args[0];
        String dir = environment.getOrDefault("OUTRIDER_PLUGINS_DIR", "");
        Path plugins = dir.isEmpty() ? PluginsDirectory.byDefault() : Path.of(dir).toAbsolutePath();
        try (Outrider outrider = Outrider.start(new OutriderInfo(OutriderVersion.get(), plugins))) {
            PluginCommand command;
            try {
                command = outrider.get(PluginHost.class).command(name);
            } catch (UnknownExtensionException e) {
                err.println("outrider: '" + name + "' is neither a command of Outrider (start, run, plugins, version,"
                        + " help) nor one a plugin adds: " + e.getMessage());
                return ExitCodes.INVALID_INPUT;
            }
            return runInterruptibly(command, new PluginCommand.Invocation(
                    Arrays.asList(args).subList(1, args.length), environment, out, err), err);
        }
    }

    private static int runInterruptibly(PluginCommand command, PluginCommand.Invocation invocation, PrintStream err) {
        AtomicInteger exit = new AtomicInteger(ExitCodes.INTERNAL);
        Thread worker = Thread.ofPlatform().name("command-" + command.name()).unstarted(() -> {
            try {
                exit.set(command.run(invocation));
            } catch (InterruptedException e) {
                exit.set(ExitCodes.STOPPED);
            } catch (RuntimeException | Error e) {
                err.println("outrider " + command.name() + ": " + e);
                exit.set(ExitCodes.INTERNAL);
            }
        });
        // libraries that look services up through the context class loader (fabric8) must find the plugin's copies
        worker.setContextClassLoader(command.getClass().getClassLoader());
        Thread stopper = Thread.ofPlatform().unstarted(() -> {
            worker.interrupt();
            try {
                worker.join(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // a signal came: the hook interrupted the command and the JVM exits with the signal's status
        }
        return exit.get();
    }
}
