package dev.outrider.docker;

import java.time.Instant;
import java.util.Map;

/**
 * The labels on everything a job creates in the engine: which job, and which agent process (by host,
 * pid and start time, so a reused pid is not mistaken for the owner) — how an agent that starts finds
 * what a crashed one left behind.
 */
final class Labels {

    static final String JOB = "dev.outrider.job";
    static final String OWNER = "dev.outrider.owner";

    private Labels() {
    }

    /** @return this process's owner label value */
    static String owner() {
        ProcessHandle self = ProcessHandle.current();
        return host() + "/" + self.pid() + "/" + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    static Map<String, String> forJob(String jobId) {
        return Map.of(JOB, jobId, OWNER, owner());
    }

    /** @return whether the owner label names a process of this host that is gone */
    static boolean ownerIsGone(String owner) {
        String[] parts = owner == null ? new String[0] : owner.split("/");
        if (parts.length != 3 || !parts[0].equals(host())) {
            return false; // another machine's, or not ours to judge
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long started = Long.parseLong(parts[2]);
            return ProcessHandle.of(pid)
                    .map(process -> process.info().startInstant().map(Instant::toEpochMilli).orElse(0L) != started)
                    .orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return host;
    }
}
