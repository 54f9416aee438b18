package dev.outrider.agent;

/** The job an agent runs, as its {@link SyncState} knows it: what to report and how to stop it. */
interface ActiveJob {

    /** @return the job's id */
    String id();

    /** Stops the job (before it runs, it does not start). */
    void stop();
}
