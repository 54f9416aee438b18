package dev.outrider.event;

import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.OutriderEvent;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes job log entries and the core's events on the event bus, and counts them. Entries keep to the pace of
 * the slowest listener that takes them, and are not made at all while none does.
 */
@Singleton
public final class EventBusLogPublisher implements LogEntryPublisher {

    private final Vertx vertx;
    private final EventListenerHost listeners;
    private static final DeliveryOptions EVENTS =
            new DeliveryOptions().setCodecName(new LocalRecordCodec<>(OutriderEvent.class).name());

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong eventsPublished = new AtomicLong();

    /**
     * @param vertx     whose event bus to publish on
     * @param listeners the bus's listeners, whose pace the job log entries keep to
     */
    @Inject
    public EventBusLogPublisher(Vertx vertx, EventListenerHost listeners) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    /** Publishes an entry; waits while a listener of entries lags too far behind (no queue grows without bound). */
    @Override
    public void publish(JobLogEntry entry) {
        listeners.beforeEntry();
        published.incrementAndGet();
        vertx.eventBus().publish(EventAddresses.JOB_LOG, entry);
    }

    @Override
    public boolean listening() {
        return listeners.takesEntries();
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
