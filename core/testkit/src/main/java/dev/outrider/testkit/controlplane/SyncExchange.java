package dev.outrider.testkit.controlplane;

import java.time.Instant;

/**
 * One sync: what the agent reported (protocol.md §3.2) and what the fake answered.
 *
 * @param at             when the fake answered
 * @param state          the reported state
 * @param jobId          the reported job id
 * @param jobResult      the reported job result
 * @param interruptedAt  the reported interruption time, Unix seconds (0 = not interrupted)
 * @param action         the action answered
 * @param actionJobId    the job id answered ({@code ""} when the action has none)
 * @param shutdownReason the shutdown reason answered ({@code ""} unless the action is {@code shutdown})
 */
public record SyncExchange(Instant at, String state, String jobId, String jobResult, long interruptedAt,
                           String action, String actionJobId, String shutdownReason) {
}
