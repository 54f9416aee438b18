package dev.outrider.toolbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The name of a tar archive's first entry, as tar lists it: what Semaphore's CLI reads before it
 * unpacks a cache archive (toolbox.md §1.4), to choose between {@code tar xzf} and {@code tar xzPf}
 * and to print {@code Restored: <name>.}. Understands the formats GNU tar and Go write: plain and
 * ustar headers (with their name prefix), GNU long names, and pax {@code path} records.
 */
final class TarFirstEntry {

    private static final int BLOCK = 512;
    /** Long names and pax records longer than this are not names anyone gave a cache path. */
    private static final int MAX_EXTENSION = 64 * 1024;

    private TarFirstEntry() {
    }

    /**
     * @param tar the uncompressed archive, from its start
     * @return the first entry's name; empty when the archive has no entry or does not start like a tar
     * @throws IOException when the stream ends inside a header or cannot be read
     */
    static Optional<String> name(InputStream tar) throws IOException {
        String longName = null;
        String paxPath = null;
        while (true) {
            byte[] header = tar.readNBytes(BLOCK);
            if (header.length < BLOCK) {
                throw new IOException("the archive ends inside its first header");
            }
            if (isZero(header)) {
                return Optional.empty();
            }
            if (!checksumMatches(header)) {
                return Optional.empty();
            }
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            if (type == 'L' || type == 'x' || type == 'K' || type == 'g') {
                if (size < 0 || size > MAX_EXTENSION) {
                    return Optional.empty();
                }
                byte[] data = tar.readNBytes((int) size);
                tar.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                if (type == 'L') {
                    longName = text(data, 0, data.length);
                } else if (type == 'x') {
                    paxPath = paxPath(data);
                }
                continue;
            }
            if (paxPath != null) {
                return Optional.of(paxPath);
            }
            if (longName != null) {
                return Optional.of(longName);
            }
            String name = text(header, 0, 100);
            boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
            String prefix = ustar ? text(header, 345, 155) : "";
            return Optional.of(prefix.isEmpty() ? name : prefix + "/" + name);
        }
    }

    /** The value of a pax extended header's {@code path} record ({@code "<length> path=<value>\n"}). */
    private static String paxPath(byte[] data) {
        String path = null;
        int at = 0;
        while (at < data.length) {
            int space = at;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return path;
            }
            if (length <= 0 || at + length > data.length) {
                return path;
            }
            String record = new String(data, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            if (record.startsWith("path=")) {
                path = record.substring("path=".length());
            }
            at += length;
        }
        return path;
    }

    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int offset, int length) {
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '7') {
                value = value * 8 + (b - '0');
                digits = true;
            } else if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return value;
    }

    private static boolean checksumMatches(byte[] header) {
        long stored = octal(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        return stored == sum;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
