package dev.outrider.testkit.controlplane;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test advances it, for the fake control plane's time rules (idle timeout,
 * interruption grace period) without waiting in real time. Thread-safe.
 */
public final class ManualClock implements InstantSource {

    private final AtomicReference<Instant> now;

    /** @param start the time the clock shows until it is advanced */
    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** @return a clock showing the current system time, then standing still */
    public static ManualClock startingNow() {
        return new ManualClock(Instant.now());
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward (or back, for a negative amount). */
    public void advance(Duration amount) {
        now.updateAndGet(current -> current.plus(amount));
    }
}
