package dev.outrider.agent;

/**
 * Why an agent shut down (protocol.md §7.1). The name is what the shutdown hook sees in
 * {@code SEMAPHORE_AGENT_SHUTDOWN_REASON}.
 */
public enum ShutdownReason {
    /** The control plane: idle for longer than {@code disconnect-after-idle-timeout}. */
    IDLE(0),
    /** The control plane: the one job of a {@code disconnect-after-job} agent finished. */
    JOB_FINISHED(0),
    /** The control plane: asked for. */
    REQUESTED(0),
    /** The control plane, after the agent reported a SIGINT/SIGTERM. */
    INTERRUPTED(0),
    /** The control plane gave no known reason. */
    UNKNOWN(0),
    /** No successful sync for too long. */
    UNABLE_TO_SYNC(1);

    private final int exitCode;

    ShutdownReason(int exitCode) {
        this.exitCode = exitCode;
    }

    /** @return the process's exit status for this reason */
    public int exitCode() {
        return exitCode;
    }

    /** @return the reason of a {@code shutdown} action's {@code shutdown_reason} */
    public static ShutdownReason fromWire(String reason) {
        return switch (reason) {
            case "idle" -> IDLE;
            case "job-finished" -> JOB_FINISHED;
            case "requested" -> REQUESTED;
            case "interrupted" -> INTERRUPTED;
            default -> UNKNOWN;
        };
    }
}
