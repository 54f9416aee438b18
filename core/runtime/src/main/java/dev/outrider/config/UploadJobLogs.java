package dev.outrider.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * When the agent uploads a finished job's log as a job artifact (Semaphore's {@code upload-job-logs};
 * see job.md §16).
 */
public enum UploadJobLogs {
    /** Never (Semaphore's default). */
    NEVER("never"),
    /** After every job. */
    ALWAYS("always"),
    /** Only when the log the control plane keeps was trimmed. */
    WHEN_TRIMMED("when-trimmed");

    private final String wireName;

    UploadJobLogs(String wireName) {
        this.wireName = wireName;
    }

    /** @return the value as configuration files spell it: {@code never}, {@code always}, {@code when-trimmed} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a configuration value (case-sensitive, as Semaphore's agent reads it)
     * @return the value it names, if any
     */
    public static Optional<UploadJobLogs> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(value -> value.wireName.equals(wireName)).findFirst();
    }
}
