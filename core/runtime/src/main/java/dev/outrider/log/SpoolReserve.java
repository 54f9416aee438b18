package dev.outrider.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room set aside next to a job's log spool: a small file written when the job starts and deleted when the disk
 * has filled up, so that the last events of the job (what went wrong, its end) can still be stored.
 */
final class SpoolReserve {

    /** Enough for a message and the job's last events. */
    static final int SIZE = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SpoolReserve.class);

    private Path file;

    private SpoolReserve(Path file) {
        this.file = file;
    }

    /** Sets room aside in {@code file}; without room even for that, there is no reserve (the job may still fit). */
    static SpoolReserve create(Path file) {
        try {
            Files.write(file, new byte[SIZE]);
            return new SpoolReserve(file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing was set aside
            }
            LOG.warn("No room for the log spool's reserve {}: {}", file, e.getMessage());
            return new SpoolReserve(null);
        }
    }

    /** @return whether room was given back now (false when it had been, or there was none) */
    boolean release() {
        if (file == null) {
            return false;
        }
        Path released = file;
        file = null;
        try {
            Files.deleteIfExists(released);
            return true;
        } catch (IOException e) {
            LOG.warn("Could not delete the log spool's reserve {}: {}", released, e.getMessage());
            return false;
        }
    }
}
