package dev.outrider.agent;

/** What an agent tells the control plane it is doing (protocol.md §4.1). */
public enum AgentState {
    /** Registered, no job. */
    WAITING_FOR_JOBS("waiting-for-jobs"),
    /** Told to run a job; fetching and preparing it. */
    STARTING_JOB("starting-job"),
    /** Running a job. */
    RUNNING_JOB("running-job"),
    /** Told to stop its job; the job is winding down. */
    STOPPING_JOB("stopping-job"),
    /** The job ended (its log delivered); the result is reported until the control plane acknowledges it. */
    FINISHED_JOB("finished-job");

    private final String wireName;

    AgentState(String wireName) {
        this.wireName = wireName;
    }

    /** @return the state's name on the wire */
    public String wireName() {
        return wireName;
    }

    /** @return whether a job is active (being started, run or stopped) */
    public boolean hasActiveJob() {
        return this == STARTING_JOB || this == RUNNING_JOB || this == STOPPING_JOB;
    }
}
