package dev.outrider.agent;

import java.time.Duration;

/**
 * The protocol's retry counts and intervals (protocol.md §5). {@link #SEMAPHORE} is what the agent
 * uses; tests shorten them.
 *
 * @param registerAttempts   register attempts before the agent gives up
 * @param registerPause      pause between register attempts
 * @param jobFetchAttempts   get-job attempts before the job is reported failed
 * @param jobFetchPause      pause between get-job attempts
 * @param disconnectAttempts disconnect attempts
 * @param disconnectPause    pause between disconnect attempts
 * @param syncIntervalMin    shortest default pause between syncs
 * @param syncIntervalMax    longest default pause between syncs (exclusive)
 * @param unableToSync       how long without a successful sync before the agent shuts down
 */
public record ProtocolTiming(int registerAttempts, Duration registerPause, int jobFetchAttempts, Duration jobFetchPause,
                             int disconnectAttempts, Duration disconnectPause, Duration syncIntervalMin,
                             Duration syncIntervalMax, Duration unableToSync) {

    /** Semaphore's agent's values. */
    public static final ProtocolTiming SEMAPHORE = new ProtocolTiming(30, Duration.ofSeconds(1), 10,
            Duration.ofSeconds(3), 100, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(6),
            Duration.ofMinutes(10));

    /**
     * Semaphore's values, where the system properties {@code outrider.protocol.<name>} (for
     * example {@code outrider.protocol.unableToSync=PT30S}, {@code outrider.protocol.registerAttempts=5})
     * override them: meant for tests of the agent as a whole process.
     */
    public static ProtocolTiming fromSystemProperties() {
        ProtocolTiming d = SEMAPHORE;
        return new ProtocolTiming(
                Integer.getInteger("outrider.protocol.registerAttempts", d.registerAttempts()),
                duration("registerPause", d.registerPause()),
                Integer.getInteger("outrider.protocol.jobFetchAttempts", d.jobFetchAttempts()),
                duration("jobFetchPause", d.jobFetchPause()),
                Integer.getInteger("outrider.protocol.disconnectAttempts", d.disconnectAttempts()),
                duration("disconnectPause", d.disconnectPause()),
                duration("syncIntervalMin", d.syncIntervalMin()),
                duration("syncIntervalMax", d.syncIntervalMax()),
                duration("unableToSync", d.unableToSync()));
    }

    private static Duration duration(String name, Duration fallback) {
        String value = System.getProperty("outrider.protocol." + name);
        return value == null ? fallback : Duration.parse(value);
    }
}
