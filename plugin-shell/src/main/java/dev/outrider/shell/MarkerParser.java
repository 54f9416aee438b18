package dev.outrider.shell;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Finds one command's output in the bytes of the job's terminal (job.md §5.2): everything up to and
 * including the start marker line is dropped; after it, bytes are output until a {@code 0x01} byte
 * that begins {@code \x01 <end marker> <exit code>\r\n}; what follows that line is dropped again. A
 * {@code 0x01} that does not begin the end line is output like any other byte.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
final class MarkerParser {

    /** Receives the command's output and its end. */
    interface Listener {
        /** Output of the command, in order. */
        void output(byte[] bytes, int offset, int length);

        /** The end line was seen. */
        void finished(int exitCode);
    }

    private static final byte SOH = 0x01;
    private static final int MAX_EXIT_DIGITS = 3;

    private enum State { IDLE, AWAIT_START, RUNNING }

    private State state = State.IDLE;
    private byte[] startLine;
    private byte[] endPrefix;
    private Listener listener;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /**
     * Starts looking for a new command's output.
     *
     * @param startLine the exact bytes of the start line, {@code \x01 <start marker>\r\n}
     * @param endPrefix the bytes before the exit code, {@code \x01 <end marker> }
     * @param listener  who gets the output and the end
     */
    void expect(byte[] startLine, byte[] endPrefix, Listener listener) {
        this.startLine = startLine.clone();
        this.endPrefix = endPrefix.clone();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pending.reset();
        this.state = State.AWAIT_START;
    }

    /** Stops forwarding (the command was given up); later bytes are dropped until the next {@link #expect}. */
    void abandon() {
        state = State.IDLE;
        pending.reset();
        listener = null;
    }

    /** @return bytes held back because they may begin the end line */
    byte[] held() {
        return state == State.RUNNING ? pending.toByteArray() : new byte[0];
    }

    /** Feeds bytes read from the terminal. */
    void feed(byte[] bytes, int offset, int length) {
        switch (state) {
            case IDLE -> {
                // between commands: prompts, bracketed-paste switches, job-control notices
            }
            case AWAIT_START -> awaitStart(bytes, offset, length);
            case RUNNING -> running(bytes, offset, length);
        }
    }

    private void awaitStart(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
        byte[] window = pending.toByteArray();
        int found = indexOf(window, startLine);
        if (found < 0) {
            int keep = Math.min(window.length, startLine.length - 1);
            pending.reset();
            pending.write(window, window.length - keep, keep);
            return;
        }
        pending.reset();
        state = State.RUNNING;
        int after = found + startLine.length;
        running(window, after, window.length - after);
    }

    private void running(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (pending.size() > 0) {
            // we hold a 0x01 and what followed it: add the new bytes and look again
            pending.write(bytes, offset, length);
            byte[] held = pending.toByteArray();
            pending.reset();
            running(held, 0, held.length);
            return;
        }
        while (i < end) {
            int soh = i;
            while (soh < end && bytes[soh] != SOH) {
                soh++;
            }
            if (soh > i) {
                listener.output(bytes, i, soh - i);
            }
            if (soh == end) {
                return;
            }
            Match match = matchEndLine(bytes, soh, end);
            switch (match.kind) {
                case NEED_MORE -> {
                    pending.write(bytes, soh, end - soh);
                    return;
                }
                case NO_MATCH -> {
                    listener.output(bytes, soh, 1);
                    i = soh + 1;
                }
                case MATCH -> {
                    Listener done = listener;
                    state = State.IDLE;
                    listener = null;
                    done.finished(match.exitCode);
                    return;
                }
            }
        }
    }

    private enum Kind { NEED_MORE, NO_MATCH, MATCH }

    private record Match(Kind kind, int exitCode) {
        static final Match NEED_MORE = new Match(Kind.NEED_MORE, 0);
        static final Match NO_MATCH = new Match(Kind.NO_MATCH, 0);
    }

    private Match matchEndLine(byte[] bytes, int from, int to) {
        int i = from;
        for (byte expected : endPrefix) {
            if (i == to) {
                return Match.NEED_MORE;
            }
            if (bytes[i++] != expected) {
                return Match.NO_MATCH;
            }
        }
        int digits = 0;
        int exitCode = 0;
        boolean lineEnd = false;
        while (true) {
            if (i == to) {
                return Match.NEED_MORE;
            }
            byte b = bytes[i++];
            if (b >= '0' && b <= '9' && digits < MAX_EXIT_DIGITS && !lineEnd) {
                exitCode = exitCode * 10 + (b - '0');
                digits++;
            } else if (b == '\r' && digits > 0) {
                lineEnd = true; // the terminal turns \n into \r\n
            } else if (b == '\n' && digits > 0) {
                return new Match(Kind.MATCH, exitCode);
            } else {
                return Match.NO_MATCH;
            }
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "MarkerParser[" + state + ", held " + Arrays.toString(held()) + "]";
    }
}
