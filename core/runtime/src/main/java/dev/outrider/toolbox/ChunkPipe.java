package dev.outrider.toolbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A pipe from one thread that writes to another that reads, through a fixed number of chunks (so a
 * fast writer waits for a slow reader instead of filling memory). Unlike {@link java.io.PipedInputStream}
 * it wakes the reader as soon as a chunk arrives. The writer ends the pipe with {@link #end} or
 * {@link #fail}; the reader sees the end or the failure after the chunks before it.
 */
final class ChunkPipe {

    /** Marks the end in the queue (compared by identity). */
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private volatile IOException failure;

    /** @param capacity how many chunks may wait for the reader */
    ChunkPipe(int capacity) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
    }

    /** Where the writer writes: each write becomes one chunk, so callers write in large blocks. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0) {
                    put(Arrays.copyOfRange(bytes, offset, offset + length));
                }
            }
        };
    }

    /** Ends the data; the reader reads to its end. */
    void end() throws IOException {
        put(END);
    }

    /** Ends the data with a failure, which the reader gets after the chunks written before. */
    void fail(IOException cause) throws IOException {
        failure = cause;
        put(END);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the reader of the pipe has gone");
        }
    }

    /** What the reader reads. */
    InputStream source() {
        return new ChunkStream() {
            @Override
            protected byte[] nextChunk() throws IOException {
                byte[] chunk;
                try {
                    chunk = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the archive");
                }
                if (chunk != END) {
                    return chunk;
                }
                if (failure != null) {
                    throw failure;
                }
                return null;
            }

            /**
             * Waits for the next chunk when none is at hand: JDK 21's GZIPInputStream asks {@code available()}
             * whether another gzip member follows one that ends, and would take a 0 of a chunk still on
             * its way for the end of the archive.
             */
            @Override
            public int available() throws IOException {
                return fill() ? super.available() : 0;
            }
        };
    }
}
