package dev.outrider.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The file system a job's commands see, as the agent's toolbox reaches it: the agent's own for a
 * job on the host, a container's for a job in a container. The toolbox commands that run in the
 * agent ({@code artifact}, {@code test-results}, {@code sem-context}) read and write the job's files
 * through it, so that a job needs no Java and no extra tools.
 *
 * <p>Paths are absolute paths in the job's file system, already resolved against the calling
 * command's working directory. Methods may be called from any thread, several at a time.
 */
public interface JobFiles {

    /** What a path names. */
    enum Kind {
        /** a regular file (or a link to one) */
        FILE,
        /** a directory (or a link to one) */
        DIRECTORY,
        /** anything else: a device, a socket, a pipe */
        OTHER
    }

    /**
     * @param path an absolute path
     * @return what the path names, following symbolic links; empty when nothing is there
     * @throws IOException when the file system cannot be asked
     */
    Optional<Kind> kind(String path) throws IOException;

    /**
     * Lists the regular files at or below a path, in the order Go's {@code filepath.Walk} visits
     * them: depth first, the names of each directory sorted byte by byte.
     *
     * @param path an absolute path: a file (listed alone, with the relative path {@code ""}) or a directory
     * @return the files, with their paths relative to {@code path} ({@code /}-separated) and sizes
     * @throws IOException when the path does not exist or cannot be read
     */
    List<Entry> list(String path) throws IOException;

    /**
     * @param path an absolute path of a regular file
     * @return its bytes; the caller closes the stream
     * @throws IOException when the file does not exist or cannot be read
     */
    InputStream open(String path) throws IOException;

    /**
     * Writes a regular file, replacing what was there, creating missing parent directories (mode
     * {@code 0755}); a new file gets mode {@code 0644} (less the job's umask where that applies).
     *
     * @param path    an absolute path
     * @param content the bytes, exactly {@code size} of them
     * @param size    how many bytes {@code content} gives
     * @throws IOException when the file cannot be written, or {@code content} ends early
     */
    void write(String path, InputStream content, long size) throws IOException;

    /**
     * A regular file found by {@link #list}.
     *
     * @param relativePath its path below the listed path, {@code /}-separated; {@code ""} for the listed file itself
     * @param size         its size in bytes
     */
    record Entry(String relativePath, long size) {
        public Entry {
            Objects.requireNonNull(relativePath, "relativePath");
        }
    }
}
