package dev.outrider.testkit.controlplane;

/**
 * The body of a register request (protocol.md §3.1), missing or {@code null} fields read as zero values.
 *
 * @param name                    the name the agent asked for
 * @param version                 the agent version
 * @param pid                     its process id
 * @param os                      its OS description
 * @param arch                    its CPU architecture
 * @param hostname                its host name
 * @param singleJob               {@code disconnect-after-job}
 * @param idleTimeout             {@code disconnect-after-idle-timeout}, seconds (0 = none)
 * @param interruptionGracePeriod {@code interruption-grace-period}, seconds (0 = none)
 * @param jobId                   the job the agent asks for, {@code ""} for any
 * @param json                    the body exactly as received
 */
public record Registration(String name, String version, long pid, String os, String arch, String hostname,
                           boolean singleJob, long idleTimeout, long interruptionGracePeriod, String jobId,
                           String json) {
}
