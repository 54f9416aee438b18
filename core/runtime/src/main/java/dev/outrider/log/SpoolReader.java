package dev.outrider.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a job's log spool by event offset while the job still appends to it: only complete lines
 * are returned, at most a given number of events or bytes at a time (one event more than the byte
 * budget when a single event is larger than it). A batch's bytes live in a buffer the next {@link #peek}
 * reuses, so that uploading a big log makes no garbage per batch; {@link #abandonBuffer} lets a batch that may
 * still be in use elsewhere keep its buffer.
 */
final class SpoolReader implements AutoCloseable {

    /**
     * Events read from the spool.
     *
     * @param firstOffset the offset of the first event
     * @param count       how many events
     * @param bytes       the events, each ending with {@code \n}, from its position to its limit (valid until the next
     *                    peek)
     */
    record Batch(long firstOffset, int count, ByteBuffer bytes) {
        boolean isEmpty() {
            return count == 0;
        }

        /** @return how many bytes the events take */
        int length() {
            return bytes.remaining();
        }
    }

    private final FileChannel channel;
    private final SpoolMarks marks;
    private long position;
    private long offset;
    private ByteBuffer buffer;
    private final byte[] scan = new byte[64 * 1024];

    /**
     * @param spool the spool
     * @param marks where the log said whole events end (may know none: then line ends are counted)
     */
    SpoolReader(Path spool, SpoolMarks marks) throws IOException {
        this.channel = FileChannel.open(spool, StandardOpenOption.READ);
        this.marks = marks;
    }

    /** @return the offset of the next event to read */
    long offset() {
        return offset;
    }

    /**
     * Reads the next events without consuming them; {@link #advance} consumes.
     *
     * @param maxEvents the most events to return
     * @param maxBytes  the byte budget
     */
    Batch peek(int maxEvents, int maxBytes) throws IOException {
        // Up to the farthest place the log said whole events end, the events need not be counted; only the bytes
        // after it are, for line ends, so that a big backlog still goes in batches of maxEvents
        SpoolMarks.Mark mark = marks.farthest(position, offset, maxBytes, maxEvents);
        int budget = maxBytes;
        while (true) {
            if (buffer == null || buffer.capacity() < budget) {
                // direct: the file is read into it and the socket written from it without a copy on the heap
                buffer = ByteBuffer.allocateDirect(budget);
            }
            buffer.clear().limit(budget);
            int read = channel.read(buffer, position);
            if (read <= 0) {
                return batch(0, 0);
            }
            int count = 0;
            int end = 0;
            if (mark != null && mark.bytes() - position <= read) {
                count = (int) (mark.events() - offset);
                end = (int) (mark.bytes() - position);
            }
            // the direct buffer is scanned through a small heap copy: a bulk get is a memcpy, while a get(i) per byte
            // costs several times the rest of the upload when the JIT does not inline it
            for (int from = end; from < read && count < maxEvents; from += scan.length) {
                int length = Math.min(scan.length, read - from);
                buffer.get(from, scan, 0, length);
                for (int i = 0; i < length && count < maxEvents; i++) {
                    if (scan[i] == '\n') {
                        count++;
                        end = from + i + 1;
                    }
                }
            }
            if (count > 0) {
                return batch(count, end);
            }
            if (read < budget) {
                return batch(0, 0); // an event is being written
            }
            budget *= 2; // one event larger than the budget
        }
    }

    private Batch batch(int count, int length) {
        return new Batch(offset, count, buffer.duplicate().position(0).limit(length).asReadOnlyBuffer());
    }

    /** @return the bytes written to the spool after what was consumed */
    long pendingBytes() throws IOException {
        return Math.max(0, channel.size() - position);
    }

    /** Consumes a batch that was accepted. */
    void advance(Batch batch) {
        position += batch.length();
        offset += batch.count();
    }

    /** The last batch's bytes may still be read elsewhere (a request that was given up): the next peek reads into a new buffer. */
    void abandonBuffer() {
        buffer = null;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
