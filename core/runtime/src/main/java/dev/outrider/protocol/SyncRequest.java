package dev.outrider.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of {@code POST /sync} (protocol.md §3.2).
 *
 * @param state         the agent's state ({@code waiting-for-jobs}, ...)
 * @param jobId         the current job, or empty
 * @param jobResult     the finished job's result, or empty
 * @param interruptedAt Unix seconds of the first SIGINT/SIGTERM, or 0
 */
@JsonPropertyOrder({"state", "job_id", "job_result", "interrupted_at"})
public record SyncRequest(
        @JsonProperty("state") String state,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("job_result") String jobResult,
        @JsonProperty("interrupted_at") long interruptedAt) {
}
