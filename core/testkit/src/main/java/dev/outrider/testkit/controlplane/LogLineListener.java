package dev.outrider.testkit.controlplane;

/**
 * Takes the job log lines a fake control plane stores, instead of the fake keeping them: for logs too large
 * to hold in memory (see {@code FakeControlPlane.Builder#streamLogLines}).
 */
@FunctionalInterface
public interface LogLineListener {

    /**
     * A line was stored for the first time; called in offset order for each job, on the fake's event loop
     * while it holds its state's lock, so it must be quick.
     *
     * @param jobId  the job
     * @param offset the line's offset in the job's log
     * @param line   the line, without its {@code \n}
     */
    void stored(String jobId, long offset, String line);
}
