package dev.outrider.app;

import com.google.inject.Provides;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.event.EventListenerHost;
import dev.outrider.event.LocalRecordCodec;
import dev.outrider.event.LogEntryPublisher;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.OutriderEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import jakarta.inject.Singleton;

/** Vert.x, its event bus with the local codecs for the SPI's records, and the publisher onto it. */
final class EventModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(EventBusLogPublisher.class);
        bind(LogEntryPublisher.class).to(EventBusLogPublisher.class);
        bind(EventListenerHost.class);
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
}
