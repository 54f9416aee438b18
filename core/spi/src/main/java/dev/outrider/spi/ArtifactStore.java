package dev.outrider.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Where the jobs' {@code artifact} command keeps artifacts when the job has no Semaphore artifact hub
 * ({@code outrider run}, or an agent type with {@code artifacts:} in its configuration). Objects are named by
 * {@code /}-separated keys, {@code <project-id>/artifacts/<jobs|workflows|projects>/<id>/<path>}, the layout
 * of Semaphore's own artifact storage. Methods may be called from several threads at once.
 */
public interface ArtifactStore extends AutoCloseable {

    /**
     * Stores an object, replacing one of the same key.
     *
     * @param key     the object's key
     * @param content its bytes, exactly {@code size} of them; read to the end, not closed
     * @param size    how many bytes
     * @throws IOException when the store fails or {@code content} ends early
     */
    void put(String key, InputStream content, long size) throws IOException;

    /** @return whether an object has exactly this key */
    boolean exists(String key) throws IOException;

    /**
     * Lists with directory semantics: the object named {@code key} if there is one, else every object below
     * {@code key + "/"} (never {@code keyX/...}), sorted by key.
     *
     * @param key an object's key or a "directory" of keys
     * @return the objects; empty when nothing is there
     */
    List<StoredObject> list(String key) throws IOException;

    /**
     * @param key an object's key
     * @return its bytes; the caller closes the stream
     * @throws java.nio.file.NoSuchFileException when there is no such object
     */
    InputStream get(String key) throws IOException;

    /** Deletes an object; nothing happens when there is none. */
    void delete(String key) throws IOException;

    /** Releases what the store holds open; the default holds nothing. */
    @Override
    default void close() throws IOException {
    }

    /**
     * An object of the store.
     *
     * @param key  its key
     * @param size its size in bytes
     */
    record StoredObject(String key, long size) {
        public StoredObject {
            Objects.requireNonNull(key, "key");
        }
    }
}
