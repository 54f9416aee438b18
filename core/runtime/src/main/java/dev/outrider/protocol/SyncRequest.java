package dev.outrider.protocol;

/**
 * The body of {@code POST /sync} (protocol.md §3.2).
 *
 * @param state         the agent's state ({@code waiting-for-jobs}, ...)
 * @param jobId         the current job, or empty
 * @param jobResult     the finished job's result, or empty
 * @param interruptedAt Unix seconds of the first SIGINT/SIGTERM, or 0
 */
public record SyncRequest(
        String state,
        String jobId,
        String jobResult,
        long interruptedAt) {
}
