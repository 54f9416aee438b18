package dev.outrider.cli;

import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.plugin.NamedExtensions.Provided;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.PluginHost.PluginInfo;
import dev.outrider.plugin.PluginLoadFailure;
import dev.outrider.spi.ArtifactStoreFactory;
import dev.outrider.spi.LogSinkFactory;
import dev.outrider.spi.OutriderInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outrider plugins}: what is installed. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"Lists the loaded plugins and the extensions each provides, the plugins that failed to load and the "
            + "extension names that several plugins provide.", "Exit status: 0 all is well, 1 a plugin failed to load or a name is provided twice."})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "The plugins folder (default: plugins/ of the installation).")
    private Path pluginsDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path directory = pluginsDir != null ? pluginsDir.toAbsolutePath() : PluginsDirectory.byDefault();
        try (Outrider outrider = Outrider.start(new OutriderInfo(OutriderVersion.get(), directory))) {
            PluginHost host = outrider.get(PluginHost.class);
            out.println("Plugins folder: " + directory);
            if (host.plugins().isEmpty()) {
                out.println("No plugins loaded.");
            }
            for (PluginInfo plugin : host.plugins()) {
                out.println();
                out.println(plugin.id() + " " + plugin.version()
                        + (plugin.description().isEmpty() ? "" : " - " + plugin.description()));
                out.println("  from " + plugin.path());
                if (plugin.provides().isEmpty()) {
                    out.println("  provides no extensions");
                }
                plugin.provides().forEach(extension -> out.println("  provides " + extension));
            }
            out.println();
            out.println("Built into the core:");
            for (Provided<LogSinkFactory> sink : host.logSinks().all()) {
                if (sink.providedBy().equals("core")) {
                    out.println("  provides log-sink " + sink.name() + " - " + sink.extension().description());
                }
            }
            for (Provided<ArtifactStoreFactory> store : host.artifactStores().all()) {
                if (store.providedBy().equals("core")) {
                    out.println("  provides artifact-store " + store.name() + " - " + store.extension().description());
                }
            }
            if (!host.failures().isEmpty()) {
                out.println();
                out.println("Failed to load:");
                for (PluginLoadFailure failure : host.failures()) {
                    out.println("  " + failure);
                }
            }
            if (!host.conflicts().isEmpty()) {
                out.println();
                out.println("Provided twice:");
                host.conflicts().forEach(conflict -> out.println("  " + conflict));
            }
            out.flush();
            return host.failures().isEmpty() && host.conflicts().isEmpty() ? ExitCodes.PASSED : ExitCodes.FAILED;
        }
    }
}
