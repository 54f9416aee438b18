package dev.outrider.toolbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An archive as the {@code cache} command streams it: the archive's bytes, then {@link #TRAILER} once
 * {@code tar} has succeeded. This passes the archive through without the trailer, and ends in an error
 * instead of an end when the trailer is missing, so that the store gives the upload up and no key with
 * a partial archive appears (a file tar could not read, a job stopped half-way).
 */
final class CompleteArchiveStream extends InputStream {

    /** What the command appends after a complete archive. */
    static final byte[] TRAILER = "\nOUTRIDER-ARCHIVE-COMPLETE\n".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024 + TRAILER.length];
    private int start;
    private int end;
    private boolean ended;

    CompleteArchiveStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        // the last TRAILER.length bytes seen are held back until more come, or the stream ends
        while (end - start <= TRAILER.length) {
            if (end == buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                ended = true;
                if (Arrays.equals(buffer, start, end, TRAILER, 0, TRAILER.length)) {
                    return -1;
                }
                throw new IOException("the archive is incomplete: making it failed in the job, so it is not stored");
            }
            end += n;
        }
        int give = Math.min(length, end - start - TRAILER.length);
        System.arraycopy(buffer, start, target, offset, give);
        start += give;
        return give;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
