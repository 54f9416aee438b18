package dev.outrider.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.outrider.config.OutriderConfig;
import dev.outrider.event.EventListenerHost;
import dev.outrider.sink.LogSinkHost;
import dev.outrider.plugin.PluginHost;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.toolbox.Toolbox;
import io.vertx.core.Vertx;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Outrider core: the injector and what must be shut down with it. */
public final class Outrider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outrider.class);

    private final Injector injector;

    private Outrider(Injector injector) {
        this.injector = injector;
    }

    /**
     * Wires the core and loads the plugins.
     *
     * @param info the version and plugins folder
     * @return the running core
     */
    public static Outrider start(OutriderInfo info) {
        return start(info, OutriderConfig.DEFAULT);
    }

    /**
     * Wires the core for a configuration and loads the plugins.
     *
     * @param info   the version and plugins folder
     * @param config the configuration the commands run with
     * @return the running core
     */
    public static Outrider start(OutriderInfo info, OutriderConfig config) {
        return start(info, config, VertxStart.onDemand());
    }

    /**
     * Wires the core for a configuration and loads the plugins, with a Vert.x that may have been started early.
     *
     * @param info       the version and plugins folder
     * @param config     the configuration the commands run with
     * @param vertxStart where Vert.x comes from
     * @return the running core
     */
    public static Outrider start(OutriderInfo info, OutriderConfig config, VertxStart vertxStart) {
        LeanLibraries.apply();
        return new Outrider(Guice.createInjector(Stage.PRODUCTION, new CoreModule(info, config, vertxStart)));
    }

    /** @return a core service (tests and the testkit reach the parts they exercise this way) */
    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    /** @return what {@code outrider start} runs */
    public AgentRuntime agentRuntime() {
        return injector.getInstance(AgentRuntime.class);
    }

    /** @return what {@code outrider run} runs */
    public LocalRun localRun() {
        return injector.getInstance(LocalRun.class);
    }

    @Override
    public void close() {
        try {
            injector.getInstance(Toolbox.class).close();
            injector.getInstance(LogSinkHost.class).close();
            injector.getInstance(EventListenerHost.class).close();
            injector.getInstance(PluginHost.class).close();
        } finally {
            injector.getInstance(ScheduledExecutorService.class).shutdownNow();
            try {
                injector.getInstance(Vertx.class).close().toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly: {}", e.toString());
            }
        }
    }
}
