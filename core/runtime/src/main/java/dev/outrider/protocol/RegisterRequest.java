package dev.outrider.protocol;

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
public record RegisterRequest(
        String name,
        String version,
        long pid,
        String os,
        String arch,
        String hostname,
        boolean singleJob,
        int idleTimeout,
        int interruptionGracePeriod,
        String jobId) {
}
