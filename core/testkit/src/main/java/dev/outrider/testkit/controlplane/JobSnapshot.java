package dev.outrider.testkit.controlplane;

/**
 * A copy of what the fake control plane knows about one job at one moment.
 *
 * @param id          the job id
 * @param agentType   the agent type it is for, or {@code null} for any
 * @param status      where it stands
 * @param agentName   the agent it was handed to, or {@code null}
 * @param result      the result the agent reported with {@code finished-job} ({@code "stopped"} for a job
 *                    stopped while queued), or {@code null}
 * @param requestJson the job request as the agent gets it (with {@code logger})
 * @param logToken    the log token currently accepted for its log, or {@code null} after
 *                    an expiry was forced
 * @param logTokenRefreshes how many times an agent refreshed its log token
 * @param logs        counters of its log pushes
 */
public record JobSnapshot(String id, String agentType, JobStatus status, String agentName, String result,
                          String requestJson, String logToken, int logTokenRefreshes, LogStats logs) {
}
