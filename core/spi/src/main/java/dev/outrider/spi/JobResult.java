package dev.outrider.spi;

import java.util.Locale;

/** How a job ended. */
public enum JobResult {
    /** Every command exited 0 (or the job said so through exit code 130). */
    PASSED,
    /** A command, the environment export, the file injection or a fatal pre-job hook failed. */
    FAILED,
    /** The job was stopped from outside, or stopped itself with exit code 130. */
    STOPPED;

    /** @return the value on the wire: {@code passed}, {@code failed} or {@code stopped} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value a wire name
     * @return the result it names
     * @throws IllegalArgumentException for any other value
     */
    public static JobResult fromWireName(String value) {
        for (JobResult result : values()) {
            if (result.wireName().equals(value)) {
                return result;
            }
        }
        throw new IllegalArgumentException("not a job result: '" + value + "' (expected passed, failed or stopped)");
    }
}
