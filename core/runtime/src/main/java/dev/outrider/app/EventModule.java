package dev.outrider.app;

import com.google.inject.Provides;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.event.EventListenerHost;
import dev.outrider.event.LocalRecordCodec;
import dev.outrider.event.LogEntryPublisher;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.OutriderEvent;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/** Vert.x, its event bus with the local codecs for the SPI's records, and the publisher onto it. */
final class EventModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(EventBusLogPublisher.class);
        bind(LogEntryPublisher.class).to(EventBusLogPublisher.class);
        bind(EventListenerHost.class);
    }

    private final VertxStart vertxStart;

    /** @param vertxStart where Vert.x comes from */
    EventModule(VertxStart vertxStart) {
        this.vertxStart = vertxStart;
    }

    @Provides
    @Singleton
    Vertx vertx() {
        Vertx vertx = vertxStart.vertx();
        vertx.eventBus().registerDefaultCodec(JobLogEntry.class, new LocalRecordCodec<>(JobLogEntry.class));
        vertx.eventBus().registerCodec(new LocalRecordCodec<>(OutriderEvent.class));
        return vertx;
    }
}
