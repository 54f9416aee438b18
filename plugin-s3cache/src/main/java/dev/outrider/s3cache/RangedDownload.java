package dev.outrider.s3cache;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One object downloaded as ranged GETs of {@link #RANGE} bytes, {@link #AT_ONCE} at a time, written in
 * order: a single GET is one stream from one of the store's threads, and on a busy machine that stream,
 * not the network, sets the pace. The first range goes alone, so that a caller that wants only the
 * object's head (the first tar entry's name) does not start the others. Every range asks for the
 * object's ETag, so an object replaced half-way fails the download instead of mixing two archives.
 * At most {@link #AT_ONCE} ranges are held in memory.
 */
final class RangedDownload {

    /** The size of one ranged GET. */
    static final long RANGE = 4L << 20;
    /** How many ranges are fetched at once after the first. */
    static final int AT_ONCE = 4;

    private final MinioClient s3;
    private final String bucket;
    private final String object;
    private final String etag;
    private final long size;

    RangedDownload(MinioClient s3, String bucket, String object, String etag, long size) {
        this.s3 = s3;
        this.bucket = bucket;
        this.object = object;
        this.etag = etag;
        this.size = size;
    }

    /**
     * @throws IOException the store's error for a range, or the target's
     * @throws Exception   what the MinIO client throws for a range (the caller words it)
     */
    void to(OutputStream target) throws Exception {
        Deque<Future<byte[]>> fetching = new ArrayDeque<>();
        ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            long next = 0;
            boolean first = true;
            while (next < size || !fetching.isEmpty()) {
                while (next < size && fetching.size() < (first ? 1 : AT_ONCE)) {
                    long offset = next;
                    long length = Math.min(RANGE, size - offset);
                    fetching.add(fetchers.submit(() -> range(offset, length)));
                    next += length;
                }
                try {
                    target.write(fetching.remove().get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while downloading '" + object + "'");
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                } finally {
                    first = false;
                }
            }
        } finally {
            // ranges still on their way when the target or a range failed are not waited for
            fetching.forEach(range -> range.cancel(true));
            fetchers.shutdownNow();
        }
    }

    private byte[] range(long offset, long length) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(object).offset(offset)
                .length(length).matchETag(etag).build())) {
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length) {
                throw new IOException("the store sent " + bytes.length + " of the " + length + " bytes at offset "
                        + offset + " of '" + object + "'");
            }
            return bytes;
        }
    }
}
