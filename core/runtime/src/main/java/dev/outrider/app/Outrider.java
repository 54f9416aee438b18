package dev.outrider.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.outrider.log.LogSinkHost;
import dev.outrider.plugin.PluginHost;
import dev.outrider.spi.OutriderInfo;
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
        return new Outrider(Guice.createInjector(Stage.PRODUCTION, new CoreModule(info)));
    }

    /** @return a core service, or a class the injector can build */
    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    @Override
    public void close() {
        try {
            injector.getInstance(LogSinkHost.class).close();
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
