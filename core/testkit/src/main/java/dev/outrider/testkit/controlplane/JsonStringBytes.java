package dev.outrider.testkit.controlplane;

/**
 * Decodes the body of a JSON string literal from UTF-8 bytes straight to the UTF-8 bytes of its text, without a
 * {@code String} between: for the many {@code cmd_output} lines of a big streamed log. Strict: a raw quote or
 * control character, an unknown escape or a short {@code \\u} escape is an error. Bytes from 0x80 up pass through
 * unchanged (the text of valid UTF-8 is the same UTF-8). A {@code \\u} escape becomes the UTF-8 of its character, a
 * high and low surrogate escaped one after the other the four bytes of their code point, and a surrogate without
 * its partner a {@code ?}, as Java's UTF-8 encoder writes it.
 */
final class JsonStringBytes {

    private JsonStringBytes() {
    }

    /**
     * Decodes {@code json[from, to)} into {@code out}, which must be at least {@code to - from} long (the text is
     * never longer than its escaped form).
     *
     * @return how many bytes it wrote to {@code out}
     * @throws IllegalArgumentException if the bytes are not the body of a JSON string; says what and where
     */
    static int unescape(byte[] json, int from, int to, byte[] out) {
        int written = 0;
        int i = from;
        while (true) {
            int special = ByteScan.nextJsonSpecial(json, i, to);
            System.arraycopy(json, i, out, written, special - i);
            written += special - i;
            if (special == to) {
                return written;
            }
            byte b = json[special];
            if (b != '\\') {
                throw new IllegalArgumentException((b == '"' ? "a raw quote" : String.format("a raw control character"
                        + " 0x%02x", b)) + " at byte " + (special - from) + " of the string; JSON needs it escaped");
            }
            if (special + 1 >= to) {
                throw new IllegalArgumentException("the string ends inside an escape at byte " + (special - from));
            }
            i = special + 2;
            switch (json[special + 1]) {
                case '"' -> out[written++] = '"';
                case '\\' -> out[written++] = '\\';
                case '/' -> out[written++] = '/';
                case 'n' -> out[written++] = '\n';
                case 'r' -> out[written++] = '\r';
                case 't' -> out[written++] = '\t';
                case 'b' -> out[written++] = '\b';
                case 'f' -> out[written++] = '\f';
                case 'u' -> {
                    int c = hex4(json, special, from, to);
                    i = special + 6;
                    if (Character.isHighSurrogate((char) c) && i + 1 < to && json[i] == '\\' && json[i + 1] == 'u') {
                        int low = hex4(json, i, from, to);
                        if (Character.isLowSurrogate((char) low)) {
                            c = Character.toCodePoint((char) c, (char) low);
                            i += 6;
                        }
                    }
                    written = encode(c, out, written);
                }
                default -> throw new IllegalArgumentException(String.format("an unknown escape \\%c at byte %d of the "
                        + "string; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", (char) (json[special + 1]
                        & 0xff), special - from));
            }
        }
    }

    /** @return the value of the four hex digits of the {@code \\u} escape at {@code json[escape]} */
    private static int hex4(byte[] json, int escape, int from, int to) {
        if (escape + 6 > to) {
            throw new IllegalArgumentException("the string ends inside the \\u escape at byte " + (escape - from));
        }
        int value = 0;
        for (int i = escape + 2; i < escape + 6; i++) {
            int digit = Character.digit(json[i], 16);
            if (digit < 0) {
                throw new IllegalArgumentException("the \\u escape at byte " + (escape - from) + " of the string has "
                        + "a non-hex digit at byte " + (i - from) + "; it needs four (\\u00e9)");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Writes the UTF-8 of a code point (a lone surrogate as {@code ?}). @return the new write position */
    private static int encode(int c, byte[] out, int at) {
        int i = at;
        if (c < 0x80) {
            out[i++] = (byte) c;
        } else if (c < 0x800) {
            out[i++] = (byte) (0xc0 | c >> 6);
            out[i++] = (byte) (0x80 | c & 0x3f);
        } else if (c <= 0xffff && Character.isSurrogate((char) c)) {
            out[i++] = '?';
        } else if (c <= 0xffff) {
            out[i++] = (byte) (0xe0 | c >> 12);
            out[i++] = (byte) (0x80 | c >> 6 & 0x3f);
            out[i++] = (byte) (0x80 | c & 0x3f);
        } else {
            out[i++] = (byte) (0xf0 | c >> 18);
            out[i++] = (byte) (0x80 | c >> 12 & 0x3f);
            out[i++] = (byte) (0x80 | c >> 6 & 0x3f);
            out[i++] = (byte) (0x80 | c & 0x3f);
        }
        return i;
    }
}
