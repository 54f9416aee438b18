package dev.outrider.sink;

import dev.outrider.event.EventAddresses;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogSink;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs log sinks: each one as a worker verticle that consumes {@link EventAddresses#JOB_LOG} and
 * {@link EventAddresses#EVENTS} in order on its own, so a slow or failing sink never holds up a job or another sink.
 */
@Singleton
public final class LogSinkHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogSinkHost.class);

    private final Vertx vertx;
    private final List<SinkVerticle> sinks = new ArrayList<>();

    @Inject
    public LogSinkHost(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /**
     * Starts delivering every later log entry to a sink. Returns once the sink is subscribed.
     *
     * @param name how the agent log names the sink
     * @param sink the sink; the host closes it
     */
    public synchronized void attach(String name, LogSink sink) {
        SinkVerticle verticle = new SinkVerticle(name, sink);
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)),
                "start log sink '" + name + "'");
        sinks.add(verticle);
    }

    /**
     * Waits until every sink handled at least {@code count} entries and agent events.
     *
     * @return whether they did before the timeout
     */
    public boolean awaitDelivered(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SinkVerticle> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(sinks);
        }
        for (SinkVerticle sink : snapshot) {
            if (!sink.awaitHandled(count, deadline)) {
                LOG.warn("Log sink '{}' handled {} of {} events before the deadline", sink.name, sink.handled(), count);
                return false;
            }
        }
        return true;
    }

    /** Unsubscribes and closes every sink. */
    @Override
    public synchronized void close() {
        for (SinkVerticle sink : sinks) {
            try {
                await(vertx.undeploy(sink.deploymentID()), "stop log sink '" + sink.name + "'");
            } catch (RuntimeException e) {
                LOG.warn("Could not stop log sink '{}': {}", sink.name, e.getMessage());
            }
            try {
                sink.sink.close();
            } catch (RuntimeException e) {
                LOG.warn("Log sink '{}' failed to close: {}", sink.name, e.toString());
            }
        }
        sinks.clear();
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static final class SinkVerticle extends VerticleBase {
        private final String name;
        private final LogSink sink;
        private final Object progress = new Object();
        private long handled;
        private boolean failedBefore;

        SinkVerticle(String name, LogSink sink) {
            this.name = name;
            this.sink = sink;
        }

        @Override
        public Future<?> start() {
            MessageConsumer<JobLogEntry> consumer =
                    vertx.eventBus().localConsumer(EventAddresses.JOB_LOG, message -> deliver(message.body()));
            MessageConsumer<OutriderEvent> agents =
                    vertx.eventBus().localConsumer(EventAddresses.EVENTS, message -> deliver(message.body()));
            return Future.all(consumer.completion(), agents.completion());
        }

        private void deliver(OutriderEvent event) {
            try {
                sink.onEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Log sink '{}' failed on event {}: {}", name, event, e.toString());
            }
            synchronized (progress) {
                handled++;
                progress.notifyAll();
            }
        }

        private void deliver(JobLogEntry entry) {
            try {
                sink.accept(entry);
            } catch (RuntimeException e) {
                if (!failedBefore) {
                    LOG.error("Log sink '{}' failed on event {} of job '{}' (later failures are not repeated): {}",
                            name, entry.offset(), entry.jobId(), e.toString());
                    failedBefore = true;
                }
            }
            synchronized (progress) {
                handled++;
                progress.notifyAll();
            }
        }

        long handled() {
            synchronized (progress) {
                return handled;
            }
        }

        boolean awaitHandled(long count, long deadlineNanos) throws InterruptedException {
            synchronized (progress) {
                while (handled < count) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                }
                return true;
            }
        }
    }
}
