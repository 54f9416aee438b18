package dev.outrider.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.event.LocalRecordCodec;
import dev.outrider.job.JobEnvironment;
import dev.outrider.sink.EventFileSinkFactory;
import dev.outrider.event.LogEntryPublisher;
import dev.outrider.plugin.BuiltInExtensions;
import dev.outrider.toolbox.artifact.LocalArtifactStoreFactory;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.OutriderInfo;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The core's Guice bindings. Plugins' extensions get these through their constructors. */
public final class CoreModule extends AbstractModule {

    private final OutriderInfo info;

    /** @param info facts about this Outrider (version, plugins folder) */
    public CoreModule(OutriderInfo info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    @Override
    protected void configure() {
        bind(OutriderInfo.class).toInstance(info);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(LogEntryPublisher.class).to(EventBusLogPublisher.class);
        bind(JobEnvironment.class).toInstance(new JobEnvironment(System.getenv()));
        bind(BuiltInExtensions.class).toInstance(new BuiltInExtensions(List.of(new EventFileSinkFactory()),
                List.of(new LocalArtifactStoreFactory(System.getenv()))));
    }

    @Provides
    @Singleton
    Vertx vertx() {
        // no file cache or class-path file lookups: the agent serves no files, so no vertx-cache folder in /tmp
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        vertx.eventBus().registerDefaultCodec(JobLogEntry.class, new LocalRecordCodec<>(JobLogEntry.class));
        vertx.eventBus().registerCodec(new LocalRecordCodec<>(OutriderEvent.class));
        return vertx;
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
