package dev.outrider.testkit.controlplane;

import java.nio.charset.StandardCharsets;

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

    /**
     * The same as {@link #stored(String, long, String)}, with the line as it came: the UTF-8 bytes
     * {@code body[from, to)} of the push's body (without the {@code \n}). The fake calls this one; a listener
     * that reads bytes overrides it to spare decoding the line, the default decodes it and calls
     * {@link #stored(String, long, String)}. The array is the fake's: read it during the call, never keep or
     * change it.
     */
    default void stored(String jobId, long offset, byte[] body, int from, int to) {
        stored(jobId, offset, new String(body, from, to - from, StandardCharsets.UTF_8));
    }
}
