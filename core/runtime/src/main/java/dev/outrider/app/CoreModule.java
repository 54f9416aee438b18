package dev.outrider.app;

import com.google.inject.Provides;
import dev.outrider.config.OutriderConfig;
import dev.outrider.spi.OutriderInfo;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The core's Guice bindings: what every area shares (the facts about this Outrider, its configuration,
 * the clock and timer), then each area's module. Plugins' extensions get {@link OutriderInfo},
 * {@link Clock} and the timer through their constructors.
 */
public final class CoreModule extends AreaModule {

    private final OutriderInfo info;
    private final OutriderConfig config;
    private final VertxStart vertxStart;

    /**
     * @param info   facts about this Outrider (version, plugins folder)
     * @param config the configuration the commands run with
     */
    public CoreModule(OutriderInfo info, OutriderConfig config) {
        this(info, config, VertxStart.onDemand());
    }

    /**
     * @param info       facts about this Outrider (version, plugins folder)
     * @param config     the configuration the commands run with
     * @param vertxStart where Vert.x comes from
     */
    public CoreModule(OutriderInfo info, OutriderConfig config, VertxStart vertxStart) {
        this.info = Objects.requireNonNull(info, "info");
        this.config = Objects.requireNonNull(config, "config");
        this.vertxStart = Objects.requireNonNull(vertxStart, "vertxStart");
    }

    @Override
    protected void bindArea() {
        bind(OutriderInfo.class).toInstance(info);
        bind(OutriderConfig.class).toInstance(config);
        bind(Clock.class).toInstance(Clock.systemUTC());
        install(new EventModule(vertxStart));
        install(new PluginModule());
        install(new ToolboxModule());
        install(new JobModule());
        install(new SinkModule());
        install(new AgentModule());
    }

    @Provides
    @Singleton
    ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outrider-timer");
            thread.setDaemon(true);
            return thread;
        });
    }
}
