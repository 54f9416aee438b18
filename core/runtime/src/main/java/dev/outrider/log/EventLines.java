package dev.outrider.log;

import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogEvent.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Job log events as the spool stores them ({@link EventJson}'s lines in UTF-8), built in one buffer that is
 * reused from one write to the next. Output whose bytes are all ASCII, which is what fast commands mostly print,
 * goes from the terminal's bytes to its line without a String or a Jackson tree on the way; other output takes
 * the general path, so both give the same bytes. Not thread-safe.
 */
final class EventLines {

    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** What the buffer may keep between writes; a larger one (a round of a big backlog) is let go. */
    private static final int KEPT_CAPACITY = 1024 * 1024;
    /** The longest escape of one ASCII byte: {@code \u001f}. */
    private static final int MAX_ESCAPE = 6;
    private static final byte[][] ESCAPES = new byte[0x80][];
    private static final byte[] OUTPUT_START = ascii("{\"event\":\"cmd_output\",\"timestamp\":");
    private static final byte[] OUTPUT_FIELD = ascii(",\"output\":\"");
    private static final byte[] OUTPUT_END = ascii("\"}\n");

    static {
        for (int c = 0; c < 0x80; c++) {
            String escape = EventJson.asciiEscape(c);
            ESCAPES[c] = escape == null ? null : ascii(escape);
        }
    }

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int length;
    private int events;

    /** Adds an event's line, by the general path. */
    void add(LogEvent event) {
        put(EventJson.appendTo(new StringBuilder(64), event).append('\n').toString().getBytes(StandardCharsets.UTF_8));
        events++;
    }

    /**
     * Adds the line of a {@code cmd_output} event: the same bytes as {@code add(new CommandOutput(timestamp,
     * Utf8.decode(output)))}.
     *
     * @param timestamp the event's Unix seconds
     * @param output    what the command printed (already chunked and {@code \r\n}-folded)
     */
    void addOutput(long timestamp, byte[] output) {
        int start = length;
        ensureCapacity(OUTPUT_START.length + 20 + OUTPUT_FIELD.length + output.length * MAX_ESCAPE + OUTPUT_END.length);
        put(OUTPUT_START);
        putDecimal(timestamp);
        put(OUTPUT_FIELD);
        byte[] out = bytes;
        int at = length;
        int run = 0; // start of the stretch of bytes that go out as they are
        for (int i = 0; i < output.length; i++) {
            byte b = output[i];
            if ((b > '>' && b != '\\') || (b > '&' && b < '<') || b == ' ') {
                continue; // letters, digits, a space and most punctuation go out as they are: decided without a table
            }
            if (b < 0) { // not ASCII: the general path decodes it as Go would
                length = start;
                add(new CommandOutput(timestamp, Utf8.decode(output)));
                return;
            }
            byte[] escape = ESCAPES[b];
            if (escape != null) {
                System.arraycopy(output, run, out, at, i - run);
                at += i - run;
                System.arraycopy(escape, 0, out, at, escape.length);
                at += escape.length;
                run = i + 1;
            }
        }
        System.arraycopy(output, run, out, at, output.length - run);
        length = at + output.length - run;
        put(OUTPUT_END);
        events++;
    }

    /** @return the lines added since the last {@link #clear}, ready to be written */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /** @return how many bytes were added since the last {@link #clear} */
    int length() {
        return length;
    }

    /** @return how many events were added since the last {@link #clear} */
    int events() {
        return events;
    }

    /** Forgets the lines, keeping the buffer unless it grew large. */
    void clear() {
        length = 0;
        events = 0;
        if (bytes.length > KEPT_CAPACITY) {
            bytes = new byte[INITIAL_CAPACITY];
        }
    }

    private void put(byte[] more) {
        ensureCapacity(more.length);
        System.arraycopy(more, 0, bytes, length, more.length);
        length += more.length;
    }

    private void putDecimal(long value) {
        if (value < 0) {
            put(ascii(Long.toString(value)));
            return;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensureCapacity(digits);
        long rest = value;
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
    }

    private void ensureCapacity(int extra) {
        if (length + extra > bytes.length) {
            byte[] bigger = new byte[Math.max(bytes.length * 2, length + extra)];
            System.arraycopy(bytes, 0, bigger, 0, length);
            bytes = bigger;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
