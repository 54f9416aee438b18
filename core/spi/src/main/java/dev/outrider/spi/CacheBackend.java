package dev.outrider.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A key-value store of cache archives, one namespace per project. Implementations are thread-safe
 * and stream data: they never hold a whole archive in memory or on disk.
 */
public interface CacheBackend extends AutoCloseable {

    /**
     * @param key a cache key
     * @return whether an archive is stored under the key
     * @throws IOException when the store cannot be reached
     */
    boolean has(String key) throws IOException;

    /**
     * The size of an archive, if the backend can tell it without reading the archive: the agent then
     * sends the archive to the job with its length, so that a download cut short is an error for the
     * job rather than a short file, and in fewer, larger writes. Added after the first release, hence
     * the default.
     *
     * @param key a cache key
     * @return the size in bytes of the archive stored under the key; empty when there is none, or when
     *         the backend cannot tell (the default: the agent then checks {@link #has} and sends the
     *         archive without a length)
     * @throws IOException when the store cannot be reached
     */
    default OptionalLong size(String key) throws IOException {
        return OptionalLong.empty();
    }

    /**
     * Stores an archive of unknown length under a key, unless the key exists. A store that fails
     * half-way leaves no visible key.
     *
     * @param key  the cache key
     * @param data the archive; read to its end
     * @return {@code false} when the key already existed (nothing was written)
     * @throws IOException when the store failed
     */
    boolean store(String key, InputStream data) throws IOException;

    /**
     * Copies the archive stored under a key.
     *
     * @param key    the cache key
     * @param target where the archive's bytes go
     * @return {@code false} when no archive is stored under the key
     * @throws IOException when the store or the target failed
     */
    boolean restore(String key, OutputStream target) throws IOException;

    /**
     * @return every stored archive, newest first
     * @throws IOException when the store cannot be reached
     */
    List<Entry> list() throws IOException;

    /**
     * @param key the cache key
     * @return {@code false} when nothing was stored under the key
     * @throws IOException when the store cannot be reached
     */
    boolean delete(String key) throws IOException;

    /**
     * Deletes every archive.
     *
     * @throws IOException when the store cannot be reached
     */
    void clear() throws IOException;

    /**
     * @return the bytes in use, and the limit if the backend has one
     * @throws IOException when the store cannot be reached
     */
    Usage usage() throws IOException;

    @Override
    default void close() {
    }

    /**
     * A stored archive.
     *
     * @param key      its key
     * @param size     its size in bytes
     * @param storedAt when it was stored
     */
    record Entry(String key, long size, Instant storedAt) {
    }

    /**
     * Space in use.
     *
     * @param usedBytes  bytes stored
     * @param limitBytes the limit, if any
     */
    record Usage(long usedBytes, Optional<Long> limitBytes) {
    }
}
