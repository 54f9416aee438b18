package dev.outrider.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogEvent.CommandOutput;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Job log entries on the bus keep to the pace of the slowest sink, so that no queue grows without bound. */
class EventListenerHostBackpressureTest {

    private final Vertx vertx = Vertx.vertx();
    private final EventListenerHost host = new EventListenerHost(vertx);
    private final EventBusLogPublisher publisher = new EventBusLogPublisher(vertx, host);

    EventListenerHostBackpressureTest() {
        vertx.eventBus().registerDefaultCodec(JobLogEntry.class, new LocalRecordCodec<>(JobLogEntry.class));
    }

    @AfterEach
    void close() {
        host.close();
        vertx.close().await();
    }

    private static JobLogEntry entry(long offset) {
        return new JobLogEntry("job-1", offset, Instant.EPOCH, new CommandOutput(1, "line " + offset));
    }

    @Test
    void saysNobodyListensUntilASinkTakesEntries() {
        host.attach("events only", event -> { });
        assertThat(publisher.listening()).isFalse();

        host.attach("sink", event -> { }, entry -> { });
        assertThat(publisher.listening()).isTrue();
    }

    @Test
    void holdsThePublisherBackWhileASinkHasTooManyEntriesWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong handled = new AtomicLong();
        host.attach("stuck sink", event -> { }, entry -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
        });
        long total = EventListenerHost.MAX_ENTRIES_WAITING + 100L;
        AtomicLong published = new AtomicLong();
        Thread job = Thread.ofPlatform().start(() -> {
            for (long offset = 0; offset < total; offset++) {
                publisher.publish(entry(offset));
                published.incrementAndGet();
            }
        });

        awaitCondition(() -> published.get() == EventListenerHost.MAX_ENTRIES_WAITING && job.getState() == Thread.State.WAITING);
        assertThat(job.isAlive()).as("the publisher waits for the sink").isTrue();
        assertThat(published.get()).isEqualTo(EventListenerHost.MAX_ENTRIES_WAITING);

        release.countDown();
        job.join(Duration.ofSeconds(30).toMillis());
        assertThat(job.isAlive()).isFalse();
        assertThat(published.get()).isEqualTo(total);
        assertThat(host.awaitDelivered(publisher, Duration.ofSeconds(30))).isTrue();
        assertThat(handled.get()).isEqualTo(total);
    }

    @Test
    void letsAWaitingPublisherGoOnWhenTheSinkIsDetached() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        EventListenerHost.Subscription sink = host.attach("stuck sink", event -> { }, entry -> {
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicLong published = new AtomicLong();
        Thread job = Thread.ofPlatform().start(() -> {
            for (long offset = 0; offset < EventListenerHost.MAX_ENTRIES_WAITING + 10L; offset++) {
                publisher.publish(entry(offset));
                published.incrementAndGet();
            }
        });
        awaitCondition(() -> published.get() == EventListenerHost.MAX_ENTRIES_WAITING && job.getState() == Thread.State.WAITING);

        Thread closer = Thread.ofPlatform().start(sink::close);
        job.join(Duration.ofSeconds(30).toMillis());
        never.countDown();
        closer.join(Duration.ofSeconds(30).toMillis());

        assertThat(job.isAlive()).isFalse();
        assertThat(published.get()).isEqualTo(EventListenerHost.MAX_ENTRIES_WAITING + 10L);
        assertThat(publisher.listening()).isFalse();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 30 s").isNegative();
            Thread.sleep(5); // polling interval while awaiting a condition with a deadline
        }
    }
}
