package dev.outrider.config;

import java.util.Objects;

/**
 * A host file the agent mounts into a job's containers (Semaphore's {@code files}, given as
 * {@code HOSTPATH:DEST}; only container executors use it).
 *
 * @param hostPath    the file on the agent's host
 * @param destination where the job's containers see it
 */
public record HostFile(String hostPath, String destination) {
    public HostFile {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(destination, "destination");
    }
}
