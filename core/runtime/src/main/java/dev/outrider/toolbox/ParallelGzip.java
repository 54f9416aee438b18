package dev.outrider.toolbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip of a stream, compressed on all cores as pigz does, read as a stream: the input is cut into
 * {@link #BLOCK}-sized blocks, each deflated on a worker thread with the 32 KiB before it as dictionary
 * and ended with a sync flush, and the blocks are joined in order into one standard gzip member that
 * {@code tar xzf}, Go's gzip reader and every other reader take. Blocks whose start does not compress
 * (already compressed files: jars, images, archives) are stored instead of searched for matches,
 * which costs the CPU of a copy instead of a futile search. A fixed number of blocks is in flight, so
 * memory is bounded whatever the size; a failure reading the input is thrown by {@link #read}.
 */
final class ParallelGzip extends ChunkStream {

    /** The size of the blocks compressed apart. */
    static final int BLOCK = 256 * 1024;
    /** The most threads one compression uses, which bounds its memory on large machines. */
    private static final int MAX_THREADS = 16;
    /** deflate's window: what one block may refer back to in the one before. */
    private static final int DICTIONARY = 32 * 1024;
    /** How much of a block is tried to see whether it compresses. */
    private static final int PROBE = 16 * 1024;
    /** A probe that shrinks less than this (out of 1) marks its block as not compressible. */
    private static final double COMPRESSIBLE = 0.97;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    /** What follows the trailer in the queue (compared by identity). */
    private static final byte[] END = new byte[0];

    private final InputStream source;
    private final int level;
    private final ExecutorService workers;
    private final BlockingQueue<Future<byte[]>> ready;
    /** Reads and hands out blocks; started by the first read, so that an unread compressor reads nothing. */
    private Thread reader;

    /**
     * @param source the data to compress; read on a thread of its own and closed with this
     * @param level  the deflate level of compressible blocks (6 is gzip's default)
     * @param threads how many blocks are deflated at once
     */
    ParallelGzip(InputStream source, int level, int threads) {
        this.source = source;
        this.level = level;
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("gzip-", 0).factory());
        // enough blocks to keep every worker busy while the reader waits for the store to take a part
        this.ready = new ArrayBlockingQueue<>(2 * threads + 8);
    }

    /**
     * A compressor on all the machine's cores (at most {@link #MAX_THREADS}) at gzip's default level:
     * at most 2 × threads + 8 blocks, and their output, are held at once.
     */
    static ParallelGzip onAllCores(InputStream source) {
        return new ParallelGzip(source, 6, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    private void readBlocks() {
        try {
            ready.put(CompletableFuture.completedFuture(HEADER));
            CRC32 crc = new CRC32();
            long length = 0;
            byte[] dictionary = null;
            boolean last = false;
            while (!last) {
                byte[] block = source.readNBytes(BLOCK);
                last = block.length < BLOCK;
                crc.update(block);
                length += block.length;
                byte[] before = dictionary;
                boolean end = last;
                ready.put(workers.submit(() -> deflate(block, before, end)));
                dictionary = block.length >= DICTIONARY ? Arrays.copyOfRange(block, block.length - DICTIONARY, block.length)
                        : null;
            }
            ready.put(CompletableFuture.completedFuture(trailer(crc.getValue(), length)));
            ready.put(CompletableFuture.completedFuture(END));
        } catch (InterruptedException e) {
            // closed: nobody reads any more
        } catch (IOException | RuntimeException e) {
            try {
                ready.put(CompletableFuture.failedFuture(e));
            } catch (InterruptedException closed) {
                // nobody reads any more
            }
        }
    }

    private byte[] deflate(byte[] block, byte[] dictionary, boolean last) {
        Deflater deflater = new Deflater(compresses(block) ? level : Deflater.NO_COMPRESSION, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(block);
            if (last) {
                deflater.finish();
            }
            byte[] out = new byte[block.length + block.length / 64 + 64];
            int size = 0;
            while (true) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                size += deflater.deflate(out, size, out.length - size, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                // a sync flush is complete when it leaves room in the buffer; the last block when finished
                if (last ? deflater.finished() : size < out.length) {
                    return size == out.length ? out : Arrays.copyOf(out, size);
                }
            }
        } finally {
            deflater.end();
        }
    }

    /** Whether the block's start shrinks when compressed at the fastest level. */
    private static boolean compresses(byte[] block) {
        int sample = Math.min(PROBE, block.length);
        if (sample == 0) {
            return true;
        }
        Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
        try {
            probe.setInput(block, 0, sample);
            probe.finish();
            byte[] out = new byte[sample + 1024];
            int size = 0;
            while (!probe.finished() && size < out.length) {
                size += probe.deflate(out, size, out.length - size);
            }
            return size < sample * COMPRESSIBLE;
        } finally {
            probe.end();
        }
    }

    private static byte[] trailer(long crc, long length) {
        byte[] trailer = new byte[8];
        for (int i = 0; i < 4; i++) {
            trailer[i] = (byte) (crc >>> (8 * i));
            trailer[4 + i] = (byte) (length >>> (8 * i));
        }
        return trailer;
    }

    @Override
    protected byte[] nextChunk() throws IOException {
        if (reader == null) {
            reader = Thread.ofVirtual().name("gzip-reader").start(this::readBlocks);
        }
        try {
            byte[] next = ready.take().get();
            return next == END ? null : next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.interrupt();
        }
        workers.shutdownNow();
        ready.clear();
        source.close();
    }
}
