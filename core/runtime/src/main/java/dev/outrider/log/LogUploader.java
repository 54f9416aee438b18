package dev.outrider.log;

import dev.outrider.event.JobEvents;
import dev.outrider.protocol.LogPushClient;
import io.vertx.core.Future;
import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one job's log from its spool to Semaphore, by offset (logs.md §6): batches of at most
 * 2000 events, pushed back to back while there is a backlog and at least every second while the
 * job runs. A 401 refreshes the log token; a 422 stops pushing for good (the log is "trimmed");
 * any other failure is retried with backoff, for as long as it takes while the job runs, so an
 * outage of the control plane loses nothing. Since delivery is by offset, a retried batch never
 * duplicates or reorders events.
 */
public final class LogUploader {

    /** The most events in one request (Semaphore's limit). */
    public static final int MAX_EVENTS_PER_REQUEST = 2000;
    /**
     * Bytes per request: room for 2000 events of a fast command's 1000-byte chunks, read into a direct buffer that
     * is reused and sent from it without a copy.
     */
    private static final int MAX_BYTES_PER_REQUEST = 4 * 1024 * 1024;
    private static final long LIVE_INTERVAL_MS = 1000;
    private static final long MIN_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(LogUploader.class);

    /**
     * How the upload ended.
     *
     * @param complete whether every event was accepted
     * @param trimmed  whether the log endpoint refused more events (422)
     * @param accepted how many events were accepted
     */
    public record Outcome(boolean complete, boolean trimmed, long accepted) {
    }

    /** Gets a new log token from the control plane (blocking). */
    @FunctionalInterface
    public interface TokenRefresher {
        /** @return a future of the new token */
        Future<String> refresh();
    }

    private final String jobId;
    private final Path spool;
    private final String url;
    private final LogPushClient client;
    private final TokenRefresher refresher;
    private final JobEvents events;
    private final LongSupplier written;
    private final SpoolMarks marks;
    private long backlogEvents = -1;
    private long backlogBytes = -1;
    private final Object lock = new Object();
    private String token;
    private Thread thread;
    private boolean finishing;
    private long total = -1;
    private long deadlineNanos;
    private Outcome outcome;

    /**
     * @param jobId     the job, for messages
     * @param spool     the job's log spool
     * @param url       the job's log URL
     * @param token     the job's first log token
     * @param client    pushes batches
     * @param refresher renews the log token on 401
     */
    public LogUploader(String jobId, Path spool, String url, String token, LogPushClient client,
                       TokenRefresher refresher) {
        this(spool, url, token, client, refresher, JobEvents.unwatched(jobId), () -> 0, new SpoolMarks());
    }

    /**
     * An uploader that publishes what it delivers, its retries and the backlog.
     *
     * @param spool     the job's log spool
     * @param url       the job's log URL
     * @param token     the job's first log token
     * @param client    pushes batches
     * @param refresher renews the log token on 401
     * @param events    the job's events (and its id)
     * @param written   how many events the job's log holds so far
     * @param marks     where the job's log said whole events end in the spool
     */
    public LogUploader(Path spool, String url, String token, LogPushClient client, TokenRefresher refresher,
                       JobEvents events, LongSupplier written, SpoolMarks marks) {
        this.marks = Objects.requireNonNull(marks, "marks");
        this.events = Objects.requireNonNull(events, "events");
        this.written = Objects.requireNonNull(written, "written");
        String jobId = events.jobId();
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.spool = Objects.requireNonNull(spool, "spool");
        this.url = Objects.requireNonNull(url, "url");
        this.token = Objects.requireNonNull(token, "token");
        this.client = Objects.requireNonNull(client, "client");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    /** Starts pushing, on a virtual thread of its own. The spool must exist. */
    public void start() {
        thread = Thread.ofVirtual().name("log-upload-" + jobId).start(this::upload);
    }

    /**
     * The job's log is complete: pushes the rest and waits until every event was accepted or the
     * upper bound passed.
     *
     * @param events     how many events the log holds
     * @param upperBound how long to keep trying
     * @return how the upload ended
     */
    public Outcome finish(long events, Duration upperBound) throws InterruptedException {
        synchronized (lock) {
            finishing = true;
            total = events;
            deadlineNanos = System.nanoTime() + upperBound.toNanos();
            lock.notifyAll();
        }
        thread.join();
        return outcome;
    }

    private void upload() {
        long accepted = 0;
        boolean trimmed = false;
        long backoff = MIN_BACKOFF_MS;
        String lastProblem = null;
        try (SpoolReader reader = openSpool()) {
            if (reader == null) {
                synchronized (lock) {
                    outcome = new Outcome(true, false, 0); // the job produced no log at all
                }
                return;
            }
            while (true) {
                if (isDone(reader.offset())) {
                    break;
                }
                if (pastDeadline()) {
                    LOG.error("Job '{}': gave up delivering its log after the upper bound: {} of {} events were "
                            + "accepted; last problem: {}", jobId, reader.offset(), total, lastProblem);
                    break;
                }
                SpoolReader.Batch batch = reader.peek(MAX_EVENTS_PER_REQUEST, MAX_BYTES_PER_REQUEST);
                publishBacklog(reader);
                if (batch.isEmpty()) {
                    waitForMore(LIVE_INTERVAL_MS);
                    continue;
                }
                int status;
                try {
                    // the request's body is the reader's buffer itself, not a copy: the next peek reuses it once the
                    // answer came, when the request was written (a request given up may not be: its buffer is left to it)
                    status = await(client.push(url, currentToken(), batch.firstOffset(),
                            BufferInternal.buffer(Unpooled.wrappedBuffer(batch.bytes()))));
                } catch (ExecutionException e) {
                    reader.abandonBuffer();
                    lastProblem = e.getCause().getMessage();
                    events.logUploadRetried(lastProblem);
                    LOG.warn("Job '{}': pushing its log failed, retrying in {} ms: {}", jobId, backoff, lastProblem);
                    pause(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    continue;
                }
                switch (status) {
                    case 200 -> {
                        reader.advance(batch);
                        accepted = reader.offset();
                        events.logUploaded(batch.count(), batch.length());
                        publishBacklog(reader);
                        backoff = MIN_BACKOFF_MS;
                        lastProblem = null;
                    }
                    case 401 -> {
                        lastProblem = "the log endpoint answered HTTP 401";
                        events.logUploadRetried(lastProblem);
                        refreshToken();
                        pause(backoff);
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    }
                    case 422 -> {
                        LOG.warn("Job '{}': the log endpoint answered HTTP 422 (log quota exhausted); "
                                + "later events stay local", jobId);
                        trimmed = true;
                    }
                    default -> {
                        lastProblem = "the log endpoint answered HTTP " + status;
                        events.logUploadRetried(lastProblem);
                        LOG.warn("Job '{}': {}; retrying in {} ms", jobId, lastProblem, backoff);
                        pause(backoff);
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    }
                }
                if (trimmed) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("Job '{}': cannot read its log spool {}: {}", jobId, spool, e.getMessage());
        }
        if (backlogEvents > 0 || backlogBytes > 0) {
            events.logBacklog(0, 0); // the job's log is done with: delivered, trimmed or given up
        }
        synchronized (lock) {
            outcome = new Outcome(total >= 0 && accepted == total, trimmed, accepted);
        }
    }

    /** Publishes what the control plane has not accepted yet, when that changed. */
    private void publishBacklog(SpoolReader reader) throws IOException {
        long pendingEvents = Math.max(0, written.getAsLong() - reader.offset());
        long pendingBytes = reader.pendingBytes();
        if (pendingEvents != backlogEvents || pendingBytes != backlogBytes) {
            backlogEvents = pendingEvents;
            backlogBytes = pendingBytes;
            events.logBacklog(pendingEvents, pendingBytes);
        }
    }

    /** @return the spool once the job created it, or null when the job ended without one */
    private SpoolReader openSpool() throws IOException, InterruptedException {
        while (true) {
            if (java.nio.file.Files.exists(spool)) {
                return new SpoolReader(spool, marks);
            }
            synchronized (lock) {
                if (finishing) {
                    return java.nio.file.Files.exists(spool) ? new SpoolReader(spool, marks) : null;
                }
                lock.wait(50);
            }
        }
    }

    private boolean isDone(long offset) {
        synchronized (lock) {
            return finishing && offset >= total;
        }
    }

    private boolean pastDeadline() {
        synchronized (lock) {
            return finishing && System.nanoTime() - deadlineNanos > 0;
        }
    }

    private void waitForMore(long millis) throws InterruptedException {
        synchronized (lock) {
            lock.wait(finishing ? 10 : millis);
        }
    }

    private void pause(long millis) throws InterruptedException {
        synchronized (lock) {
            long wait = millis;
            if (finishing) {
                wait = Math.min(wait, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            }
            lock.wait(wait);
        }
    }

    private String currentToken() {
        synchronized (lock) {
            return token;
        }
    }

    private void refreshToken() throws InterruptedException {
        try {
            String fresh = await(refresher.refresh());
            synchronized (lock) {
                token = fresh;
            }
        } catch (ExecutionException e) {
            LOG.warn("Job '{}': refreshing its log token failed: {}", jobId, e.getCause().getMessage());
        }
    }

    private static <T> T await(Future<T> future) throws ExecutionException, InterruptedException {
        return future.toCompletionStage().toCompletableFuture().get();
    }
}
