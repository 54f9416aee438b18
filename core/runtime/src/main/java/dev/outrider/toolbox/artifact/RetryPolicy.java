package dev.outrider.toolbox.artifact;

import java.time.Duration;

/**
 * How often and how patiently a request is retried (the CLI's retrying HTTP client: 5xx except 501, 429
 * and connection errors are retried; the wait doubles from {@code waitMin} up to {@code waitMax}).
 *
 * @param retries how many times after the first attempt
 * @param waitMin the first wait
 * @param waitMax the longest wait
 */
record RetryPolicy(int retries, Duration waitMin, Duration waitMax) {

    /** The hub's: 4 retries, 1 s apart. */
    static final RetryPolicy HUB = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(1));
    /** The storage's: 4 retries, 0.5 s then 1 s apart. */
    static final RetryPolicy STORAGE = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(1));

    static boolean retryable(int status) {
        return status == 429 || status == 0 || (status >= 500 && status != 501);
    }

    /** @param attempt 0 for the wait after the first attempt */
    Duration wait(int attempt) {
        long millis = waitMin.toMillis() << Math.min(attempt, 20);
        return Duration.ofMillis(Math.min(millis, waitMax.toMillis()));
    }
}
