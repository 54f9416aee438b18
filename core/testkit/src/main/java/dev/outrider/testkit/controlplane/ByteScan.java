package dev.outrider.testkit.controlplane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The searches of the fake control plane's log intake, which runs over every byte of a log push (megabytes): they
 * test eight bytes at a time.
 */
public final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long SPACES = ' ' * ONES;

    private ByteScan() {
    }

    /** @return the index of the first {@code \n} in {@code bytes[from, to)}, or {@code to} when there is none */
    public static int nextNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long marks = zeroBytes((long) LONGS.get(bytes, i) ^ NEWLINES);
            if (marks != 0) {
                return i + firstMarked(marks);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /**
     * @return the index of the first byte in {@code bytes[from, to)} that may not stand for itself in a JSON string
     *         (a quote, a backslash or a control character below 0x20), or {@code to} when there is none
     */
    public static int nextJsonSpecial(byte[] bytes, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long marks = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES) | ((word - SPACES) & ~word & HIGHS);
            if (marks != 0) {
                return i + firstMarked(marks);
            }
        }
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || (b >= 0 && b < ' ')) {
                return i;
            }
        }
        return to;
    }

    /**
     * Marks (sets the high bit of) the bytes of a word that are zero. Only the lowest mark is sure: the borrow of a
     * zero byte may mark the byte above it too. The same holds for {@code (word - n * ONES) & ~word & HIGHS}, which
     * marks bytes below {@code n} (for n up to 0x80), so an OR of such masks has its lowest mark on the first byte
     * that any of them looks for.
     */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    private static int firstMarked(long marks) {
        return Long.numberOfTrailingZeros(marks) >>> 3;
    }
}
