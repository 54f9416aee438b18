package dev.outrider.protocol;

import java.util.Objects;

/**
 * The answer to {@code POST /sync}.
 *
 * @param action         what to do: {@code continue}, {@code run-job}, {@code stop-job},
 *                       {@code shutdown}, {@code wait-for-jobs}
 * @param jobId          the job to run or stop
 * @param shutdownReason why to shut down ({@code idle}, {@code job-finished}, {@code requested},
 *                       {@code interrupted})
 * @param nextSyncAfter  milliseconds until the next sync; 0 or less: the default interval
 */
public record SyncResponse(
        String action,
        String jobId,
        String shutdownReason,
        long nextSyncAfter) {
    public SyncResponse {
        action = Objects.requireNonNullElse(action, "");
        jobId = Objects.requireNonNullElse(jobId, "");
        shutdownReason = Objects.requireNonNullElse(shutdownReason, "");
    }
}
