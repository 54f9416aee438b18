package dev.outrider.event;

import dev.outrider.log.LogEntryPublisher;
import dev.outrider.spi.JobLogEntry;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Publishes job log entries on {@link EventAddresses#JOB_LOG} and counts them. */
@Singleton
public final class EventBusLogPublisher implements LogEntryPublisher {

    private final Vertx vertx;
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

    /** @return how many entries were published so far */
    public long published() {
        return published.get();
    }
}
