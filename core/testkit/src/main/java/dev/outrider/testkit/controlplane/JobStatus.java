package dev.outrider.testkit.controlplane;

/** Where a job scheduled on the fake control plane stands. */
public enum JobStatus {
    /** Scheduled, not yet handed to an agent. */
    QUEUED,
    /** Handed to an agent with {@code run-job}. */
    RUNNING,
    /** Marked to stop: the agent running it is (or will be) told {@code stop-job}. */
    STOPPING,
    /** An agent reported {@code finished-job} for it, or it was stopped before any agent took it. */
    FINISHED
}
