package dev.outrider.event;

import dev.outrider.log.LogEntryPublisher;
import dev.outrider.spi.AgentEvent;
import dev.outrider.spi.JobLogEntry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Publishes job log entries and agent events on the event bus, and counts them. */
@Singleton
public final class EventBusLogPublisher implements LogEntryPublisher {

    private final Vertx vertx;
    private static final DeliveryOptions AGENT_EVENTS =
            new DeliveryOptions().setCodecName(new LocalRecordCodec<>(AgentEvent.class).name());

    private final AtomicLong published = new AtomicLong();

    @Inject
    public EventBusLogPublisher(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public void publish(JobLogEntry entry) {
        published.incrementAndGet();
        vertx.eventBus().publish(EventAddresses.JOB_LOG, entry);
    }

    /** Publishes an agent's lifecycle event on {@link EventAddresses#AGENT_LIFECYCLE} (counted with the entries). */
    public void publish(AgentEvent event) {
        published.incrementAndGet();
        vertx.eventBus().publish(EventAddresses.AGENT_LIFECYCLE, event, AGENT_EVENTS);
    }

    /** @return how many entries and agent events were published so far */
    public long published() {
        return published.get();
    }
}
