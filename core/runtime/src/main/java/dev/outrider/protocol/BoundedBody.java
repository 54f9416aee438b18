package dev.outrider.protocol;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Collects an answer body up to a limit, so that a huge or endless answer fails the call instead
 * of filling the heap. A gzip body is kept compressed while it arrives (and bounded by the same
 * limit) and inflated at the end, reading no more than the limit plus one byte: a small gzip bomb
 * costs at most the limit.
 */
final class BoundedBody {

    private final long limit;
    private final boolean gzip;
    private final Buffer received = Buffer.buffer();

    /**
     * @param limit the most bytes accepted, after decompression
     * @param gzip  whether the body is gzip-encoded ({@code Content-Encoding: gzip})
     */
    BoundedBody(long limit, boolean gzip) {
        this.limit = limit;
        this.gzip = gzip;
    }

    /** @throws BodyTooLargeException when the bytes received so far pass the limit */
    void append(Buffer chunk) {
        if (received.length() + (long) chunk.length() > limit) {
            throw new BodyTooLargeException(limit);
        }
        received.appendBuffer(chunk);
    }

    /** @return the bytes as received (still compressed when {@link #compressed()}) */
    Buffer received() {
        return received;
    }

    /** @return whether the body must still be inflated, which {@link #finish()} does (blocking) */
    boolean compressed() {
        return gzip;
    }

    /**
     * @return the whole body, inflated
     * @throws BodyTooLargeException when the inflated body passes the limit
     * @throws IOException when a gzip body is not valid gzip
     */
    Buffer finish() throws IOException {
        if (!gzip) {
            return received;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(received.getBytes()))) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new BodyTooLargeException(limit);
            }
            return Buffer.buffer(bytes);
        }
    }

    /** The answer's body is larger than the call accepts. */
    static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long limit) {
            super("the answer's body is larger than " + size(limit) + " (after decompression), the limit for this"
                    + " call; the call is abandoned");
        }

        static String size(long bytes) {
            return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                    : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
        }
    }
}
