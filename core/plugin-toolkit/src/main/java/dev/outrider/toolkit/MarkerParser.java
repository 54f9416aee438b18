package dev.outrider.toolkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Finds one command's output in the bytes of the job's terminal (job.md §5.2): everything up to and
 * including the start marker line is dropped; after it, bytes are output until a {@code 0x01} byte
 * that begins {@code \x01 <end marker> <exit code>\r\n}; what follows that line is dropped again. A
 * {@code 0x01} that does not begin the end line is output like any other byte. Marker lines end with
 * {@code \r\n} on a terminal that translates newlines and with {@code \n} on one that does not
 * ({@code stty -opost}); both are understood.
 *
 * <p>The protocol, for executors that drive bash through a terminal (a pty on the host, a container's
 * tty): for each command, write {@link #commandLine} to the shell, {@link #expect} its markers, and
 * {@link #feed} every byte read from the terminal. The shell must have been set up with
 * {@code stty -echo} and an empty {@code PS1}, so that only the command's output lies between the
 * markers.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class MarkerParser {

    /** Receives the command's output and its end. */
    public interface Listener {
        /** Output of the command, in order. */
        void output(byte[] bytes, int offset, int length);

        /** The end line was seen. */
        void finished(int exitCode);
    }

    private static final byte SOH = 0x01;
    private static final int MAX_EXIT_DIGITS = 3;

    private enum State { IDLE, AWAIT_START, RUNNING }

    private State state = State.IDLE;

    /**
     * @return the start line of command {@code id} up to its line end, which the terminal shows as {@code \r\n} or
     *         {@code \n}: {@code \x01 outrider-<id>-start}
     */
    public static byte[] startLine(String id) {
        return ("\u0001 outrider-" + id + "-start").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return what precedes the exit code in the end line of command {@code id}: {@code \x01 outrider-<id>-end } */
    public static byte[] endPrefix(String id) {
        return ("\u0001 outrider-" + id + "-end ").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The line to type into the shell to run a script file as command {@code id}: it prints the start
     * line, sources the file (so {@code cd} and {@code export} persist), prints the end line with the
     * exit status, and leaves {@code $?} as the script left it.
     *
     * @param id         unique among the session's commands; letters, digits and {@code -} only
     * @param scriptFile the script's path as the shell sees it, already quoted for the shell
     * @return the line, ending with {@code \n}
     */
    public static String commandLine(String id, String scriptFile) {
        return "printf '\\001 %s\\n' outrider-" + id + "-start; source " + scriptFile
                + "; __outrider_status=$?; printf '\\001 %s %d\\n' outrider-" + id
                + "-end \"$__outrider_status\"; [ \"$__outrider_status\" = 0 ] || (exit \"$__outrider_status\")\n";
    }

    private byte[] startLine;
    private byte[] endPrefix;
    private Listener listener;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /**
     * Starts looking for a new command's output.
     *
     * @param startLine the exact bytes of the start line before its line end, {@code \x01 <start marker>}
     * @param endPrefix the bytes before the exit code, {@code \x01 <end marker> }
     * @param listener  who gets the output and the end
     */
    public void expect(byte[] startLine, byte[] endPrefix, Listener listener) {
        this.startLine = startLine.clone();
        this.endPrefix = endPrefix.clone();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pending.reset();
        this.state = State.AWAIT_START;
    }

    /** Stops forwarding (the command was given up); later bytes are dropped until the next {@link #expect}. */
    public void abandon() {
        state = State.IDLE;
        pending.reset();
        listener = null;
    }

    /** @return bytes held back because they may begin the end line */
    public byte[] held() {
        return state == State.RUNNING ? pending.toByteArray() : new byte[0];
    }

    /** Feeds bytes read from the terminal. */
    public void feed(byte[] bytes, int offset, int length) {
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
        int from = 0;
        while (true) {
            int found = indexOf(window, startLine, from);
            if (found < 0) {
                int keep = Math.min(window.length, startLine.length - 1); // what may begin the start line
                pending.reset();
                pending.write(window, window.length - keep, keep);
                return;
            }
            int after = found + startLine.length;
            if (after < window.length && window[after] == '\r') {
                after++;
            }
            if (after == window.length) {
                pending.reset(); // the line end is still to come
                pending.write(window, found, window.length - found);
                return;
            }
            if (window[after] == '\n') {
                pending.reset();
                state = State.RUNNING;
                running(window, after + 1, window.length - after - 1);
                return;
            }
            from = found + 1; // the marker text without its line end: not the start line
        }
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
                lineEnd = true; // a terminal that translates newlines turns \n into \r\n
            } else if (b == '\n' && digits > 0) {
                return new Match(Kind.MATCH, exitCode);
            } else {
                return Match.NO_MATCH;
            }
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
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
