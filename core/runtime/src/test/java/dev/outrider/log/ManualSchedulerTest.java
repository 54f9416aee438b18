package dev.outrider.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Long> ranAt = new ArrayList<>();

    @Test
    void runsOneShotTasksInDueOrderOnlyWhenTimeReachesThem() {
        scheduler.schedule(() -> ranAt.add(scheduler.nanoTime()), 20, TimeUnit.NANOSECONDS);
        scheduler.schedule(() -> ranAt.add(scheduler.nanoTime()), 10, TimeUnit.NANOSECONDS);

        scheduler.advance(9);
        assertThat(ranAt).isEmpty();
        scheduler.advance(11);
        assertThat(ranAt).containsExactly(10L, 20L);
    }

    @Test
    void repeatsFixedRateTasksUntilCancelled() {
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> ranAt.add(scheduler.nanoTime()), 5, 10,
                TimeUnit.NANOSECONDS);

        scheduler.advance(30);
        task.cancel(false);
        scheduler.advance(30);

        assertThat(ranAt).containsExactly(5L, 15L, 25L);
    }

    @Test
    void repeatsFixedDelayTasksFromWhenTheyRan() {
        scheduler.scheduleWithFixedDelay(() -> ranAt.add(scheduler.nanoTime()), 0, 7, TimeUnit.NANOSECONDS);

        scheduler.advance(20);

        assertThat(ranAt).containsExactly(0L, 7L, 14L);
    }
}
