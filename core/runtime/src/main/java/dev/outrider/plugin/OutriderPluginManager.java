package dev.outrider.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.outrider.spi.OutriderInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.ZipException;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginRepository;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.util.FileUtils;

/**
 * PF4J, set up for Outrider: plugins (zips or jars) see only the packages the host shares, their
 * extensions are built by Guice (one injector per plugin, from the plugin's own
 * {@code com.google.inject.Module} services), and a plugin that fails to load is recorded with its
 * file and reason while the others load.
 */
final class OutriderPluginManager extends DefaultPluginManager {

    private final List<PluginLoadFailure> failures = new ArrayList<>();
    private final Map<String, Injector> pluginInjectors = new ConcurrentHashMap<>();
    private final Injector coreInjector;
    private Injector classPathInjector;
    private ClassLoader sharedPackages;

    OutriderPluginManager(Path pluginsDirectory, Injector coreInjector) {
        super(pluginsDirectory);
        this.coreInjector = Objects.requireNonNull(coreInjector, "coreInjector");
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        // called from PF4J's constructor, before this class's fields are set: resolve lazily
        return new ExtensionFactory() {
            @Override
            public <T> T create(Class<T> extensionClass) {
                return extensionClass.cast(createExtension(extensionClass));
            }
        };
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginFolder(getPluginsRoots().get(0));
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new PluginClassLoader(pluginManager, descriptor, sharedPackages(), ClassLoadingStrategy.APD);
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new OwnIndexClassLoader(pluginManager, descriptor, sharedPackages(), pluginPath.resolve("lib"));
                    }
                });
    }

    /**
     * A zip plugin's class loader that looks for the extension index and the Guice module list in the
     * plugin's own classes only, not in every library of its {@code lib/}: both are asked for at start,
     * and a library jar, once opened, keeps its central directory in memory for as long as the agent
     * runs (a plugin such as Docker's brings thousands of entries an agent may never use).
     */
    private static final class OwnIndexClassLoader extends PluginClassLoader {

        private static final Set<String> OWN_ONLY = Set.of("META-INF/extensions.idx",
                "META-INF/services/" + Module.class.getName());
        private final Path libraries;

        OwnIndexClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent, Path lib) {
            super(manager, descriptor, parent, ClassLoadingStrategy.APD);
            this.libraries = lib.toAbsolutePath().normalize();
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            if (!OWN_ONLY.contains(name)) {
                return super.findResources(name);
            }
            List<URL> own = new ArrayList<>();
            for (URL url : getURLs()) {
                if (!inLibraries(url)) {
                    try (URLClassLoader single = new URLClassLoader(new URL[] {url}, null)) {
                        URL found = single.findResource(name);
                        if (found != null) {
                            own.add(found);
                        }
                    }
                }
            }
            return Collections.enumeration(own);
        }

        private boolean inLibraries(URL url) {
            try {
                return Path.of(url.toURI()).toAbsolutePath().normalize().startsWith(libraries);
            } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
                return false;
            }
        }
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        Path expanded = pluginPath;
        if (FileUtils.isZipFile(pluginPath)) {
            // PF4J only logs a zip it cannot unpack, and keeps what it unpacked of it; Outrider reports it
            try {
                expanded = new PluginZip(pluginPath).unpacked();
            } catch (ZipException e) {
                failures.add(new PluginLoadFailure(pluginPath, "the zip is damaged: " + describe(e)
                        + "; copy it again (an interrupted copy leaves a truncated zip)"));
                return null;
            } catch (IOException | RuntimeException e) {
                failures.add(new PluginLoadFailure(pluginPath, "cannot unpack the zip: " + describe(e)
                        + " (is the plugins folder writable?)"));
                return null;
            }
        }
        try {
            return super.loadPluginFromPath(expanded);
        } catch (RuntimeException | LinkageError e) {
            String reason = describe(e);
            if (reason.startsWith("No PluginDescriptorFinder")) {
                reason = "not a plugin: it has no plugin.properties (zip or folder) and no Plugin-Id in a jar manifest";
            }
            failures.add(new PluginLoadFailure(pluginPath, reason));
            return null;
        }
    }

    /** @return plugins that failed to load or start, with the reason */
    List<PluginLoadFailure> failures() {
        List<PluginLoadFailure> all = new ArrayList<>(failures);
        for (PluginWrapper plugin : getPlugins()) {
            if (plugin.getPluginState() == PluginState.FAILED) {
                Throwable cause = plugin.getFailedException();
                all.add(new PluginLoadFailure(plugin.getPluginPath(),
                        cause == null ? "failed to start" : "failed to start: " + describe(cause)));
            } else if (plugin.getPluginState() == PluginState.DISABLED || plugin.getPluginState() == PluginState.RESOLVED) {
                all.add(new PluginLoadFailure(plugin.getPluginPath(), "not started (state "
                        + plugin.getPluginState() + "); check its dependencies and the version it requires"));
            }
        }
        return all;
    }

    void recordFailure(PluginLoadFailure failure) {
        failures.add(failure);
    }

    private synchronized ClassLoader sharedPackages() {
        if (sharedPackages == null) {
            sharedPackages = new SharedPackagesClassLoader(OutriderPluginManager.class.getClassLoader());
        }
        return sharedPackages;
    }

    private Object createExtension(Class<?> extensionClass) {
        PluginWrapper plugin = whichPlugin(extensionClass);
        Injector injector = plugin == null ? classPathInjector()
                : pluginInjectors.computeIfAbsent(plugin.getPluginId(), id -> pluginInjector(plugin));
        return injector.getInstance(extensionClass);
    }

    /** Extensions on the class path (tests, a development run) are built as a plugin's are. */
    private synchronized Injector classPathInjector() {
        if (classPathInjector == null) {
            classPathInjector = Guice.createInjector(coreInjector.getInstance(Stage.class), sharedWithPlugins());
        }
        return classPathInjector;
    }

    /**
     * One injector per plugin, from its own modules and the core bindings a plugin can see. Not a
     * child of the core's injector, whose explicit-bindings rule would pass on to the plugin and refuse
     * the extensions and plugin classes Guice builds just in time.
     */
    private Injector pluginInjector(PluginWrapper plugin) {
        ClassLoader loader = plugin.getPluginClassLoader();
        List<Module> modules = new ArrayList<>();
        modules.add(sharedWithPlugins());
        for (Module module : ServiceLoader.load(Module.class, loader)) {
            if (module.getClass().getClassLoader() == loader) {
                modules.add(module);
            }
        }
        return Guice.createInjector(coreInjector.getInstance(Stage.class), modules);
    }

    /** @return the core's bindings whose types a plugin can see: {@link OutriderInfo}, the clock and the timer */
    private Module sharedWithPlugins() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                share(binder(), OutriderInfo.class);
                share(binder(), Clock.class);
                share(binder(), ScheduledExecutorService.class);
            }
        };
    }

    private <T> void share(Binder binder, Class<T> type) {
        binder.bind(type).toProvider(coreInjector.getProvider(type));
    }

    static String describe(Throwable e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!reason.isEmpty()) {
                reason.append(": ");
            }
            String message = t.getMessage();
            reason.append(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
            if (reason.length() > 400) {
                break;
            }
        }
        return SpiMismatch.describe(reason.toString(), e);
    }
}
