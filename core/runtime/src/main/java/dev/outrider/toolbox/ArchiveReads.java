package dev.outrider.toolbox;

import com.sun.net.httpserver.HttpExchange;
import dev.outrider.toolbox.call.TextReply;
import dev.outrider.spi.CacheBackend;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of a stored archive for a job's {@code cache restore}: the whole archive, streamed to the job's
 * curl, and the name of its first entry, which decides how the command unpacks it.
 */
final class ArchiveReads {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveReads.class);
    /** The size of the writes that send an archive to the job. */
    private static final int ARCHIVE_BLOCK = 256 * 1024;
    /** How many blocks of a download may wait for the decompression. */
    private static final int PIPE_CHUNKS = 16;
    /** How much of an archive is read to find its first entry's name. */
    private static final int ARCHIVE_HEAD = 64 * 1024;

    private ArchiveReads() {
    }

    /**
     * Sends an archive with its length, when the backend knows it, so that a download cut short is an
     * error for curl, and in large blocks: the JDK server sends an unknown length as 4 KiB chunks, one
     * system call each, which costs a restore more CPU than the rest of the agent's side. (Without a
     * length, a cut restore ends like a whole one, and only gzip notices the archive is short.)
     */
    static void send(CacheBackend cache, String key, HttpExchange exchange, AtomicLong sent, String jobId)
            throws IOException {
        OptionalLong size = cache.size(key);
        if (size.isEmpty() && !cache.has(key)) {
            TextReply.send(exchange, 404, "");
            return;
        }
        long length = size.orElse(-1);
        exchange.getResponseHeaders().set("Content-Type", "application/gzip");
        // 0 means an unknown length (chunks) to the JDK server, and -1 no body
        exchange.sendResponseHeaders(200, length < 0 ? 0 : length == 0 ? -1 : length);
        OutputStream body = new BufferedOutputStream(counted(exchange.getResponseBody(), sent), ARCHIVE_BLOCK);
        String failure;
        try {
            failure = cache.restore(key, body) ? null : "the key disappeared after it was looked up";
            body.flush();
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
        }
        if (failure == null && (length < 0 || sent.get() == length)) {
            body.close();
            return;
        }
        LOG.warn("Job '{}': cache restore of key '{}' stopped after {} of {} bytes: {}", jobId, key, sent.get(),
                length < 0 ? "?" : length, failure == null ? "the store sent a different length" : failure);
        // Closing the exchange before its unfinished body makes the JDK server drop the connection, so the
        // job's curl reports the download as cut short; closing the body first would leave curl waiting.
        exchange.close();
    }

    /**
     * Sends an archive's tar, decompressed here while it downloads: the download runs on a thread of
     * its own, so the store, the decompression and the job's {@code tar} work at once, and Java's gzip
     * reader (CRC32 in hardware) costs the machine less CPU than the job's gzip. Reads any gzip: one
     * member or several, whoever made it. The tar's length is not known beforehand. To an HTTP/1.0
     * request (the command's) the body goes in large writes and ends with the connection, and
     * {@code ended} tells whether it was whole, for the command to ask afterwards; the JDK server would
     * send it to HTTP/1.1 in 4 KiB chunks, one system call each. An archive cut short or corrupt drops the
     * connection, which an HTTP/1.1 client sees as a body cut short.
     *
     * @param downloaded counts the bytes of the archive downloaded from the store
     * @param ended      told, before the connection ends, why the tar is not whole, or empty when it is
     */
    static void sendTar(CacheBackend cache, String key, HttpExchange exchange, AtomicLong downloaded, String jobId,
            Consumer<Optional<String>> ended) throws IOException {
        if (!cache.has(key)) {
            TextReply.send(exchange, 404, "");
            return;
        }
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS);
        Thread download = Thread.ofVirtual().name("cache-download").start(() -> download(cache, key, pipe, downloaded));
        exchange.getResponseHeaders().set("Content-Type", CacheEndpoint.TAR);
        exchange.sendResponseHeaders(200, 0);
        try (InputStream tar = new GZIPInputStream(pipe.source(), ARCHIVE_BLOCK)) {
            OutputStream body = new BufferedOutputStream(exchange.getResponseBody(), ARCHIVE_BLOCK);
            tar.transferTo(body);
            body.flush();
            ended.accept(Optional.empty());
            body.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Job '{}': cache restore of key '{}' stopped after {} bytes of the archive: {}", jobId, key,
                    downloaded.get(), e.getMessage());
            ended.accept(Optional.of("the archive of key '" + key + "' could not be read whole: " + e.getMessage()));
            throw new AbortedResponse("the archive of key '" + key + "' could not be read whole");
        } finally {
            download.interrupt(); // a download still writing (bytes after the archive's end) has nobody to read it
        }
    }

    private static void download(CacheBackend cache, String key, ChunkPipe pipe, AtomicLong downloaded) {
        try {
            OutputStream sink = new BufferedOutputStream(counted(pipe.sink(), downloaded), ARCHIVE_BLOCK);
            boolean found = cache.restore(key, sink);
            sink.flush();
            if (found) {
                pipe.end();
            } else {
                pipe.fail(new IOException("the key disappeared after it was looked up"));
            }
        } catch (IOException | RuntimeException e) {
            try {
                pipe.fail(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            } catch (IOException interrupted) {
                // the reader has gone already
            }
        }
    }

    /** @return a stream that counts in {@code count} the bytes written through it */
    private static OutputStream counted(OutputStream out, AtomicLong count) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                count.addAndGet(length);
            }
        };
    }

    /**
     * The name of the archive's first entry, from its first bytes only: the command unpacks with
     * {@code tar -P} only when that name is absolute, as Semaphore's CLI does, and names it at the end.
     *
     * @return empty when the archive cannot be read or does not start like a tar.gz
     */
    static Optional<String> firstEntry(CacheBackend cache, String key) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            cache.restore(key, new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    head.write(bytes, offset, Math.min(length, ARCHIVE_HEAD - head.size()));
                    if (head.size() >= ARCHIVE_HEAD) {
                        throw new IOException("enough of the archive's head"); // ends the download early
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            // the head read so far, if any, still tells the name
        }
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(head.toByteArray()))) {
            return TarFirstEntry.name(tar);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
