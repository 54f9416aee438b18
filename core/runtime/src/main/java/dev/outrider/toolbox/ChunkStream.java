package dev.outrider.toolbox;

import java.io.IOException;
import java.io.InputStream;

/** A stream read from a sequence of byte arrays that a subclass hands out one at a time. */
abstract class ChunkStream extends InputStream {

    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /** @return the next chunk (it may be empty), or null at the end; may wait for it */
    protected abstract byte[] nextChunk() throws IOException;

    /** @return whether there are bytes to read; false at the end. Waits for the next chunk when none is at hand. */
    protected final boolean fill() throws IOException {
        while (position == current.length && !ended) {
            byte[] next = nextChunk();
            if (next == null) {
                ended = true;
            } else {
                current = next;
                position = 0;
            }
        }
        return !ended;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int give = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, give);
        position += give;
        return give;
    }

    @Override
    public int available() throws IOException {
        return current.length - position;
    }
}
