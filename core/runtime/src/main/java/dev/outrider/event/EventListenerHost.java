package dev.outrider.event;

import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.OutriderEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the listeners of the bus: the core's own (the agent log) and the log sinks. Each listener
 * runs as a verticle, so it sees messages one at a time, in publishing order, off the threads that
 * publish: the core's quick listeners on an event loop, log sinks (which may be slow) on worker
 * threads, so a failing sink holds up neither a job nor another listener, and a slow one holds up a job only
 * once it is {@link #MAX_ENTRIES_WAITING} entries behind (no queue grows without bound). Listeners of
 * {@link EventAddresses#EVENTS} alone never see the job log, so they cost nothing while a job prints.
 */
@Singleton
public final class EventListenerHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventListenerHost.class);

    /**
     * The most job log entries a listener may have waiting. A job that prints faster than a listener takes its
     * entries waits for it at this point, as a command waits for a slow terminal: the bus never queues without
     * bound, whatever a sink does.
     */
    static final int MAX_ENTRIES_WAITING = 4096;

    private final Vertx vertx;
    private final List<ListenerVerticle> listeners = new ArrayList<>();
    /** The listeners that take job log entries; replaced, never changed, so publishers read it without a lock. */
    private volatile List<ListenerVerticle> entryListeners = List.of();

    @Inject
    public EventListenerHost(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /** A listener on the bus until it is closed. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        /** Unsubscribes; returns once no message is delivered any more. */
        @Override
        void close();
    }

    /**
     * Delivers every later event to a quick listener of the core's own, on an event-loop thread (a
     * thread of its own would cost an idle agent about 0.7 MiB); returns once it is subscribed.
     *
     * @param name     names the listener's failures in the log
     * @param listener called with one event at a time; must not block (writing a log line is fine);
     *                 what it throws is logged and the next event still comes
     * @return the subscription ({@link #close()} ends every one)
     */
    public Subscription attach(String name, Consumer<OutriderEvent> listener) {
        return deploy(new ListenerVerticle(name, listener, Optional.empty()), new DeploymentOptions());
    }

    /**
     * Delivers every later event and job log entry to a listener, on the shared worker threads;
     * returns once it is subscribed.
     *
     * @param name    names the listener in the log
     * @param events  called with one event at a time (failures logged, as for entries)
     * @param entries called with one entry at a time, in each job's log order
     * @return the subscription
     */
    public Subscription attach(String name, Consumer<OutriderEvent> events, Consumer<JobLogEntry> entries) {
        return deploy(new ListenerVerticle(name, events, Optional.of(entries)),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    }

    private synchronized Subscription deploy(ListenerVerticle verticle, DeploymentOptions options) {
        await(vertx.deployVerticle(verticle, options), "start the bus listener " + verticle.name);
        listeners.add(verticle);
        entryListeners = listeners.stream().filter(listener -> listener.entries.isPresent()).toList();
        return () -> undeploy(verticle);
    }

    /** @return whether a listener takes job log entries */
    boolean takesEntries() {
        return !entryListeners.isEmpty();
    }

    /**
     * Counts a job log entry about to be published for every listener that takes entries, first waiting while
     * one of them has {@link #MAX_ENTRIES_WAITING} entries it has not handled yet.
     */
    void beforeEntry() {
        for (ListenerVerticle listener : entryListeners) {
            listener.queueEntry();
        }
    }

    /**
     * Waits until every listener handled what was published so far: the events, and the job log
     * entries for those that take them.
     *
     * @param published what was published
     * @param timeout   how long to wait at most
     * @return whether they did before the timeout (a lagging listener is named in the log)
     */
    public boolean awaitDelivered(EventBusLogPublisher published, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long events = published.eventsPublished();
        long entries = published.published() - events;
        List<ListenerVerticle> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(listeners);
        }
        for (ListenerVerticle listener : snapshot) {
            if (!listener.awaitHandled(events, listener.entries.isPresent() ? entries : 0, deadline)) {
                LOG.warn("The bus listener {} handled {} before the deadline", listener.name, listener.progress());
                return false;
            }
        }
        return true;
    }

    /** Unsubscribes every listener. */
    @Override
    public void close() {
        List<ListenerVerticle> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(listeners);
        }
        snapshot.forEach(this::undeploy);
    }

    private void undeploy(ListenerVerticle verticle) {
        synchronized (this) {
            if (!listeners.remove(verticle)) {
                return;
            }
            entryListeners = listeners.stream().filter(listener -> listener.entries.isPresent()).toList();
        }
        verticle.stopTakingEntries();
        try {
            await(vertx.undeploy(verticle.deploymentID()), "stop the bus listener " + verticle.name);
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private static void await(Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static final class ListenerVerticle extends VerticleBase {
        private final String name;
        private final Consumer<OutriderEvent> events;
        private final Optional<Consumer<JobLogEntry>> entries;
        private long eventsHandled;
        private long entriesHandled;
        private long entriesQueued;
        private boolean stopped;

        ListenerVerticle(String name, Consumer<OutriderEvent> events, Optional<Consumer<JobLogEntry>> entries) {
            this.name = Objects.requireNonNull(name, "name");
            this.events = Objects.requireNonNull(events, "events");
            this.entries = Objects.requireNonNull(entries, "entries");
        }

        @Override
        public Future<?> start() {
            MessageConsumer<OutriderEvent> onEvents = vertx.eventBus().localConsumer(EventAddresses.EVENTS, message -> {
                deliver(events, message.body());
                synchronized (this) {
                    eventsHandled++;
                    notifyAll();
                }
            });
            if (entries.isEmpty()) {
                return onEvents.completion();
            }
            MessageConsumer<JobLogEntry> onEntries = vertx.eventBus().localConsumer(EventAddresses.JOB_LOG, message -> {
                deliver(entries.get(), message.body());
                synchronized (this) {
                    entriesHandled++;
                    notifyAll();
                }
            });
            return Future.all(onEvents.completion(), onEntries.completion());
        }

        private <T> void deliver(Consumer<T> consumer, T message) {
            try {
                consumer.accept(message);
            } catch (RuntimeException e) {
                LOG.error("The bus listener {} failed on {}: {}", name, message.getClass().getSimpleName(), e.toString());
            }
        }

        /** Waits while this listener has too many entries waiting, then counts one more. */
        synchronized void queueEntry() {
            boolean interrupted = false;
            while (entriesQueued - entriesHandled >= MAX_ENTRIES_WAITING && !stopped) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the entry is stored already: it is still published, then the flag is restored
                }
            }
            entriesQueued++;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lets publishers waiting for this listener go on. */
        synchronized void stopTakingEntries() {
            stopped = true;
            notifyAll();
        }

        synchronized String progress() {
            return eventsHandled + " events and " + entriesHandled + " log entries";
        }

        synchronized boolean awaitHandled(long events, long entries, long deadlineNanos) throws InterruptedException {
            while (eventsHandled < events || entriesHandled < entries) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
