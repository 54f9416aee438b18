package dev.outrider.kubernetes.api;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A command running in a container with a terminal, reached over the API's exec stream. */
public interface PodTerminal extends AutoCloseable {

    /** Types bytes into the terminal. */
    void type(byte[] bytes) throws IOException;

    /**
     * @return completes when the stream ends: with the command's exit status when the API server sent
     *         one, with {@code null} when the stream ended without it (the connection was cut)
     */
    CompletableFuture<Integer> ended();

    /** @return why the stream ended without an exit status, as far as known; empty otherwise */
    String failure();

    /** Closes the stream; the command gets a hang-up. */
    @Override
    void close();
}
