package dev.outrider.sink;

import dev.outrider.event.EventListenerHost;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogSink;
import dev.outrider.spi.OutriderEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs log sinks: each one is a listener of the job log and of the events on the bus
 * ({@link EventListenerHost}), so a slow or failing sink never holds up a job or another sink.
 */
@Singleton
public final class LogSinkHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogSinkHost.class);

    private final EventListenerHost listeners;
    private final List<Attached> sinks = new ArrayList<>();

    @Inject
    public LogSinkHost(EventListenerHost listeners) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    private record Attached(String name, LogSink sink, EventListenerHost.Subscription subscription) {
    }

    /**
     * Starts delivering every later log entry and event to a sink. Returns once the sink is subscribed.
     *
     * @param name how the agent log names the sink
     * @param sink the sink; the host closes it
     */
    public synchronized void attach(String name, LogSink sink) {
        SinkCalls calls = new SinkCalls(name, sink);
        sinks.add(new Attached(name, sink, listeners.attach("log sink '" + name + "'", calls::onEvent, calls::accept)));
    }

    /** Unsubscribes and closes every sink. */
    @Override
    public synchronized void close() {
        for (Attached attached : sinks) {
            attached.subscription().close();
            try {
                attached.sink().close();
            } catch (RuntimeException e) {
                LOG.warn("Log sink '{}' failed to close: {}", attached.name(), e.toString());
            }
        }
        sinks.clear();
    }

    /** Calls one sink and says in the agent log when it fails: an event each time, the job log once. */
    private static final class SinkCalls {
        private final String name;
        private final LogSink sink;
        private boolean failedBefore;

        SinkCalls(String name, LogSink sink) {
            this.name = name;
            this.sink = sink;
        }

        void onEvent(OutriderEvent event) {
            try {
                sink.onEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Log sink '{}' failed on event {}: {}", name, event, e.toString());
            }
        }

        void accept(JobLogEntry entry) {
            try {
                sink.accept(entry);
            } catch (RuntimeException e) {
                if (!failedBefore) {
                    LOG.error("Log sink '{}' failed on event {} of job '{}' (later failures are not repeated): {}",
                            name, entry.offset(), entry.jobId(), e.toString());
                    failedBefore = true;
                }
            }
        }
    }
}
