package dev.outrider.plugin;

import com.google.inject.Injector;
import dev.outrider.spi.ArtifactStoreFactory;
import dev.outrider.spi.CacheBackendFactory;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.LogSinkFactory;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginCommand;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of the plugins folder and gathers their extensions by name, next to the core's
 * own. A plugin that cannot load or start is reported and left out; the others work.
 */
@Singleton
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final OutriderInfo info;
    private final OutriderPluginManager manager;
    private final NamedExtensions<JobExecutorFactory> executors = new NamedExtensions<>("executor");
    private final NamedExtensions<LogSinkFactory> logSinks = new NamedExtensions<>("log sink");
    private final NamedExtensions<CacheBackendFactory> cacheBackends = new NamedExtensions<>("cache backend");
    private final NamedExtensions<ArtifactStoreFactory> artifactStores = new NamedExtensions<>("artifact store");
    private final NamedExtensions<PluginCommand> commands = new NamedExtensions<>("command");
    private final List<PluginInfo> plugins = new ArrayList<>();

    @Inject
    public PluginHost(Injector injector, OutriderInfo info, BuiltInExtensions builtIns) {
        this.info = Objects.requireNonNull(info, "info");
        this.manager = new OutriderPluginManager(info.pluginsDirectory(), injector);
        manager.setSystemVersion(info.version().replaceFirst("-.*$", ""));
        builtIns.logSinks().forEach(sink -> logSinks.add(sink.name(), "core", sink));
        builtIns.artifactStores().forEach(store -> artifactStores.add(store.name(), "core", store));
        load();
    }

    private void load() {
        if (!Files.isDirectory(info.pluginsDirectory())) {
            LOG.warn("The plugins folder {} does not exist: no executor is installed. Point --plugins-dir "
                    + "(or 'plugins-dir' in the configuration) at the folder that holds the plugin zips.",
                    info.pluginsDirectory());
            return;
        }
        manager.loadPlugins();
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            String id = plugin.getPluginId();
            List<String> provided = new ArrayList<>();
            collect(plugin, JobExecutorFactory.class, executors, JobExecutorFactory::name, provided);
            collect(plugin, LogSinkFactory.class, logSinks, LogSinkFactory::name, provided);
            collect(plugin, CacheBackendFactory.class, cacheBackends, CacheBackendFactory::name, provided);
            collect(plugin, ArtifactStoreFactory.class, artifactStores, ArtifactStoreFactory::name, provided);
            collect(plugin, PluginCommand.class, commands, PluginCommand::name, provided);
            plugins.add(new PluginInfo(id, plugin.getDescriptor().getVersion(),
                    Objects.requireNonNullElse(plugin.getDescriptor().getPluginDescription(), ""),
                    plugin.getPluginPath().toString(), List.copyOf(provided)));
        }
        conflicts().forEach(conflict -> LOG.error("{}", conflict));
        for (PluginLoadFailure failure : failures()) {
            LOG.warn("Skipped {}", failure);
        }
    }

    private <T> void collect(PluginWrapper plugin, Class<T> type, NamedExtensions<T> into,
                             Function<T, String> name, List<String> provided) {
        String id = plugin.getPluginId();
        for (String className : manager.getExtensionClassNames(id)) {
            Class<?> extensionClass;
            try {
                extensionClass = plugin.getPluginClassLoader().loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                manager.recordFailure(new PluginLoadFailure(plugin.getPluginPath(),
                        "extension " + className + " cannot be loaded: " + OutriderPluginManager.describe(e)));
                continue;
            }
            if (!type.isAssignableFrom(extensionClass)) {
                continue;
            }
            try {
                T extension = type.cast(manager.getExtensionFactory().create(extensionClass));
                String extensionName = name.apply(extension);
                into.add(extensionName, id, extension);
                provided.add(kindOf(type) + " " + extensionName);
            } catch (RuntimeException | LinkageError e) {
                manager.recordFailure(new PluginLoadFailure(plugin.getPluginPath(),
                        "extension " + className + " cannot be created: " + OutriderPluginManager.describe(e)));
            }
        }
    }

    private static String kindOf(Class<?> type) {
        if (type == JobExecutorFactory.class) {
            return "executor";
        }
        if (type == ArtifactStoreFactory.class) {
            return "artifact-store";
        }
        if (type == PluginCommand.class) {
            return "command";
        }
        return type == LogSinkFactory.class ? "log-sink" : "cache-backend";
    }

    /**
     * @param name the executor's name
     * @return the executor
     * @throws UnknownExtensionException when none or several plugins provide it: the message lists what is
     *         installed, the plugins folder and the plugins that failed to load
     */
    public JobExecutorFactory executor(String name) {
        try {
            return executors.get(name);
        } catch (UnknownExtensionException e) {
            throw new UnknownExtensionException(e.getMessage() + "; " + origin());
        }
    }

    /** @return where plugins come from, and which did not load: for messages about a missing extension */
    private String origin() {
        Path folder = info.pluginsDirectory();
        String where = "plugins folder: " + folder + (Files.isDirectory(folder) ? "" : " (it does not exist)");
        List<PluginLoadFailure> failed = failures();
        if (!failed.isEmpty()) {
            where += "; failed to load: " + String.join("; ", failed.stream().map(PluginLoadFailure::toString).toList());
        }
        return where;
    }

    /** @return the executors, by name */
    public NamedExtensions<JobExecutorFactory> executors() {
        return executors;
    }

    /** @return the log sinks, by name */
    public NamedExtensions<LogSinkFactory> logSinks() {
        return logSinks;
    }

    /** @return the cache backends, by name */
    public NamedExtensions<CacheBackendFactory> cacheBackends() {
        return cacheBackends;
    }

    /** @return the artifact stores: the core's {@code local} and those of plugins */
    public NamedExtensions<ArtifactStoreFactory> artifactStores() {
        return artifactStores;
    }

    /** @return the commands plugins add to {@code outrider}, by name */
    public NamedExtensions<PluginCommand> commands() {
        return commands;
    }

    /**
     * @param name the command's name
     * @return the command
     * @throws UnknownExtensionException when none or several plugins provide it, listing the installed ones
     */
    public PluginCommand command(String name) {
        try {
            return commands.get(name);
        } catch (UnknownExtensionException e) {
            throw new UnknownExtensionException(e.getMessage() + "; " + origin());
        }
    }

    /** @return the plugins that loaded, with what each provides */
    public List<PluginInfo> plugins() {
        return List.copyOf(plugins);
    }

    /**
     * @return one line per extension name that several plugins provide, naming the kind, the name and the
     *         plugins: such a name cannot be used until only one of them is installed
     */
    public List<String> conflicts() {
        List<String> lines = new ArrayList<>();
        for (NamedExtensions<?> kind : List.of(executors, logSinks, cacheBackends, artifactStores, commands)) {
            kind.conflicts().forEach((name, providers) -> lines.add(kind.kind() + " '" + name + "' is provided by "
                    + String.join(" and ", providers) + ": it cannot be used until only one of them is installed"));
        }
        return lines;
    }

    /** @return the plugins that did not load, with the reason */
    public List<PluginLoadFailure> failures() {
        return manager.failures();
    }

    /** @return the folder plugins come from */
    public Path pluginsDirectory() {
        return info.pluginsDirectory();
    }

    @Override
    public void close() {
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                try {
                    manager.stopPlugin(plugin.getPluginId());
                } catch (RuntimeException e) {
                    LOG.warn("Plugin '{}' failed to stop: {}", plugin.getPluginId(), e.getMessage());
                }
            }
        }
    }

    /**
     * A loaded plugin.
     *
     * @param id          its id
     * @param version     its version
     * @param description its description
     * @param path        where it was loaded from
     * @param provides    what it provides, as {@code executor shell}, {@code log-sink NAME}, ...
     */
    public record PluginInfo(String id, String version, String description, String path, List<String> provides) {
    }
}
