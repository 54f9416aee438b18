package dev.outrider.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time moves only when the test says so: tasks run on the test's own thread, in
 * due order, from {@link #advance}. With it a test decides exactly where timer flushes fall between
 * the reads it feeds, so a case that depends on that interleaving runs the same way every time.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task<?>> queue = new ArrayList<>();
    private long now;
    private long sequence;
    private boolean shutdown;

    /** The scheduler's clock, in nanoseconds; pass {@code scheduler::nanoTime} as the code's clock. */
    long nanoTime() {
        return now;
    }

    /** Moves the clock forward and runs every task that is due by then, including ones they schedule. */
    void advance(long nanos) {
        long target = now + nanos;
        while (true) {
            Task<?> next = queue.stream()
                    .filter(t -> !t.isCancelled() && t.due - target <= 0)
                    .min(Comparator.comparingLong((Task<?> t) -> t.due).thenComparingLong(t -> t.order))
                    .orElse(null);
            if (next == null) {
                break;
            }
            queue.remove(next);
            now = Math.max(now, next.due);
            if (next.period == 0) {
                next.run();
                next.rethrowFailure();
            } else if (next.runPeriodically()) {
                // fixed rate: from when it was due; fixed delay: from when it ran
                queue.add(next.again(next.period > 0 ? next.due + next.period : now - next.period));
            } else {
                next.rethrowFailure();
            }
        }
        queue.removeIf(Task::isCancelled);
        now = target;
    }

    /** Runs the tasks that are due now, without moving the clock. */
    void runDue() {
        advance(0);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(command, null, now + unit.toNanos(Math.max(delay, 0)), sequence++));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, now + unit.toNanos(Math.max(delay, 0)), sequence++));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(new Task<Void>(command, now + unit.toNanos(Math.max(initialDelay, 0)), sequence++,
                unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(command, now + unit.toNanos(Math.max(initialDelay, 0)), sequence++,
                -unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = new ArrayList<>(queue);
        queue.clear();
        return pending;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new IllegalStateException("scheduler shut down");
        }
        queue.add(task);
        return task;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long due;
        final long order;
        /** 0: once; above 0: at a fixed rate; below 0: with a fixed delay (its negation). */
        final long period;
        private final Runnable periodic;

        Task(Callable<V> callable, long due, long order) {
            super(callable);
            this.due = due;
            this.order = order;
            this.period = 0;
            this.periodic = null;
        }

        Task(Runnable runnable, V result, long due, long order) {
            super(runnable, result);
            this.due = due;
            this.order = order;
            this.period = 0;
            this.periodic = null;
        }

        Task(Runnable runnable, long due, long order, long period) {
            super(runnable, null);
            if (period == 0) {
                throw new IllegalArgumentException("a period of 0");
            }
            this.due = due;
            this.order = order;
            this.period = period;
            this.periodic = runnable;
        }

        /** Runs a periodic task once; false when it threw or was cancelled (it then runs no more). */
        boolean runPeriodically() {
            return runAndReset();
        }

        /** The same periodic task, due next at {@code nextDue}; cancelling the first cancels this one. */
        Task<V> again(long nextDue) {
            Task<V> next = new Task<>(periodic, nextDue, order, period);
            successor = next;
            if (isCancelled()) {
                next.cancel(false);
            }
            return next;
        }

        private volatile Task<V> successor;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Task<V> next = successor;
            if (next != null) {
                next.cancel(mayInterruptIfRunning);
            }
            return super.cancel(mayInterruptIfRunning);
        }

        /** A task that threw fails the test at once instead of vanishing into its future. */
        void rethrowFailure() {
            try {
                get();
            } catch (ExecutionException e) {
                throw new AssertionError("a scheduled task failed", e.getCause());
            } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                throw new AssertionError("a scheduled task did not complete", e);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
