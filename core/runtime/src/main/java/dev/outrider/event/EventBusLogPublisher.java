package dev.outrider.event;

import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.OutriderEvent;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Publishes job log entries and the core's events on the event bus, and counts them. */
@Singleton
public final class EventBusLogPublisher implements LogEntryPublisher {

    private final Vertx vertx;
    private static final DeliveryOptions EVENTS =
            new DeliveryOptions().setCodecName(new LocalRecordCodec<>(OutriderEvent.class).name());

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong eventsPublished = new AtomicLong();

    @Inject
    public EventBusLogPublisher(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public void publish(JobLogEntry entry) {
        published.incrementAndGet();
        vertx.eventBus().publish(EventAddresses.JOB_LOG, entry);
    }

    /** Publishes an event on {@link EventAddresses#EVENTS} (counted with the entries). */
    public void publish(OutriderEvent event) {
        published.incrementAndGet();
        eventsPublished.incrementAndGet();
        vertx.eventBus().publish(EventAddresses.EVENTS, event, EVENTS);
    }

    /** @return how many entries and events were published so far */
    public long published() {
        return published.get();
    }

    /** @return how many events (without the log entries) were published so far */
    public long eventsPublished() {
        return eventsPublished.get();
    }
}
