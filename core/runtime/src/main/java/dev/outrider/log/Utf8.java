package dev.outrider.log;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 the way Semaphore's Go agent sees it: validity as Go's {@code utf8.Valid}, and decoding
 * that turns every byte which does not start a valid sequence into its own U+FFFD (Java's decoders
 * may fold a malformed sequence into one replacement; Go never does).
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * @return whether {@code bytes[from, to)} is valid UTF-8 (no overlong forms, no surrogates, at
     *         most U+10FFFF)
     */
    public static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] >= 0) {
            i++; // ASCII, what most output is, without a call per byte
        }
        while (i < to) {
            int length = sequenceLength(bytes, i, to);
            if (length < 0) {
                return false;
            }
            i += length;
        }
        return true;
    }

    /** Decodes {@code bytes[from, to)}, one U+FFFD per byte that does not start a valid sequence. */
    public static String decode(byte[] bytes, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        if (isValid(bytes, from, to)) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                text.append((char) b0);
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i, to);
            if (length < 0) {
                text.append('\uFFFD');
                i++;
                continue;
            }
            int codePoint = switch (length) {
                case 2 -> ((b0 & 0x1F) << 6) | (bytes[i + 1] & 0x3F);
                case 3 -> ((b0 & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
                default -> ((b0 & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6)
                        | (bytes[i + 3] & 0x3F);
            };
            text.appendCodePoint(codePoint);
            i += length;
        }
        return text.toString();
    }

    /** Decodes a whole array as {@link #decode(byte[], int, int)} does. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * @return the length of the valid sequence starting at {@code i}, or -1 when the byte there does
     *         not start one that ends before {@code to}
     */
    private static int sequenceLength(byte[] bytes, int i, int to) {
        int b0 = bytes[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int length;
        int lowest = 0x80;
        int highest = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            if (b0 == 0xE0) {
                lowest = 0xA0;
            } else if (b0 == 0xED) {
                highest = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            if (b0 == 0xF0) {
                lowest = 0x90;
            } else if (b0 == 0xF4) {
                highest = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + length > to) {
            return -1;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if (b1 < lowest || b1 > highest) {
            return -1;
        }
        for (int k = 2; k < length; k++) {
            int b = bytes[i + k] & 0xFF;
            if (b < 0x80 || b > 0xBF) {
                return -1;
            }
        }
        return length;
    }
}
