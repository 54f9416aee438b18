package dev.outrider.toolbox.testresults;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps line breaks and tabs inside attribute values: XML parsers (StAX too) turn them into spaces
 * as the XML specification says, but Semaphore's Go tool keeps them, and reporters such as RSpec's
 * write multi-line failure messages in attributes. This filter writes them as character references
 * ({@code &#10;}, {@code &#9;}), which parsers keep; a {@code \r\n} or lone {@code \r} becomes one
 * {@code \n} as Go reads it. It only follows quotes inside tags (skipping comments, CDATA, processing
 * instructions and the DOCTYPE); parsing stays StAX's.
 */
final class AttributeLineBreaks extends FilterInputStream {

    private enum State { TEXT, OPEN, TAG, VALUE, SKIPPING }

    private static final byte[] LINE_FEED = "&#10;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TAB = "&#9;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private State state = State.TEXT;
    private int quote;
    private byte[] pending = new byte[0];
    private int pendingAt;
    /** what ends the construct being skipped: {@code -->}, {@code ]]>}, {@code ?>} or {@code >} */
    private String skipUntil = "";
    private final StringBuilder recent = new StringBuilder();
    /** the last bytes skipped, newest in the lowest byte */
    private int window;
    private int ending;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkAt;
    private int chunkEnd;
    private boolean afterCarriageReturn;
    private int bracketDepth;
    private boolean doctype;

    AttributeLineBreaks(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int written = 0;
        while (written < length) {
            if (pendingAt < pending.length) {
                buffer[offset + written++] = pending[pendingAt++];
                continue;
            }
            if (chunkAt == chunkEnd) {
                if (written > 0) {
                    break;
                }
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    return -1;
                }
                chunkAt = 0;
                chunkEnd = n;
                continue;
            }
            int next = chunk[chunkAt++] & 0xff;
            byte[] replacement = filter(next);
            if (replacement == null) {
                buffer[offset + written++] = (byte) next;
            } else {
                pending = replacement;
                pendingAt = 0;
            }
        }
        return written;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** @return the bytes to give instead of {@code b}: empty to drop it, null to keep it */
    private byte[] filter(int b) {
        switch (state) {
            case TEXT -> {
                if (b == '<') {
                    state = State.OPEN;
                    recent.setLength(0);
                }
            }
            case OPEN -> {
                recent.append((char) b);
                if (b == '?') {
                    skip("?>");
                } else if (recent.length() == 1 && b != '!') {
                    state = b == '>' ? State.TEXT : State.TAG;
                } else if (recent.toString().equals("!--")) {
                    skip("-->");
                } else if (recent.toString().equals("![CDATA[")) {
                    skip("]]>");
                } else if (recent.length() >= 8 || b == '>') {
                    doctype = true;
                    bracketDepth = b == '[' ? 1 : 0;
                    skip(">");
                    if (b == '>') {
                        state = State.TEXT;
                    }
                }
            }
            case TAG -> {
                if (b == '"' || b == '\'') {
                    quote = b;
                    state = State.VALUE;
                } else if (b == '>') {
                    state = State.TEXT;
                }
            }
            case VALUE -> {
                return inValue(b);
            }
            case SKIPPING -> {
                if (doctype) {
                    if (b == '[') {
                        bracketDepth++;
                    } else if (b == ']') {
                        bracketDepth--;
                    } else if (b == '>' && bracketDepth <= 0) {
                        doctype = false;
                        state = State.TEXT;
                    }
                    return null;
                }
                window = (window << 8) | b;
                int mask = skipUntil.length() == 3 ? 0xffffff : skipUntil.length() == 2 ? 0xffff : 0xff;
                if ((window & mask) == ending) {
                    state = State.TEXT;
                }
            }
            default -> { }
        }
        return null;
    }

    private byte[] inValue(int b) {
        boolean afterReturn = afterCarriageReturn;
        afterCarriageReturn = false;
        if (b == quote) {
            state = State.TAG;
            return null;
        }
        return switch (b) {
            case '\n' -> afterReturn ? new byte[0] : LINE_FEED;
            case '\r' -> {
                afterCarriageReturn = true;
                yield LINE_FEED;
            }
            case '\t' -> TAB;
            default -> null;
        };
    }

    private void skip(String until) {
        state = State.SKIPPING;
        skipUntil = until;
        window = 0;
        ending = 0;
        for (char c : until.toCharArray()) {
            ending = (ending << 8) | c;
        }
    }
}
