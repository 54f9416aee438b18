package dev.outrider.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of {@code POST /register} (protocol.md §3.1), fields in Semaphore's order.
 *
 * @param name                    the agent's name
 * @param version                 the agent's version (as in the User-Agent)
 * @param pid                     the agent's process id
 * @param os                      the operating system's description, may be empty
 * @param arch                    the CPU architecture ({@code x86_64}, {@code arm64}, ...)
 * @param hostname                the machine's name, may be empty
 * @param singleJob               {@code disconnect-after-job}
 * @param idleTimeout             {@code disconnect-after-idle-timeout}, seconds
 * @param interruptionGracePeriod {@code interruption-grace-period}, seconds
 * @param jobId                   {@code job-id}, the one job this agent asks for, or empty
 */
@JsonPropertyOrder({"name", "version", "pid", "os", "arch", "hostname", "single_job", "idle_timeout",
    "interruption_grace_period", "job_id"})
public record RegisterRequest(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("pid") long pid,
        @JsonProperty("os") String os,
        @JsonProperty("arch") String arch,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("single_job") boolean singleJob,
        @JsonProperty("idle_timeout") int idleTimeout,
        @JsonProperty("interruption_grace_period") int interruptionGracePeriod,
        @JsonProperty("job_id") String jobId) {
}
