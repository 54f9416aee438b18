package dev.outrider.toolkit;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker protocol ({@link MarkerParser}) around one persistent bash behind a terminal, for
 * executors that drive a shell that way (a pty on the host, a container's tty). It waits until the
 * shell answers its set-up line, then runs commands one at a time: it has the executor place each
 * script where the shell can read it, types the command line, passes the command's output on and
 * returns the exit status from the end marker.
 *
 * <p>The executor owns the terminal: it gives a {@link Keyboard}, passes every byte the terminal
 * prints to {@link #received} (or has a thread run {@link #readFrom}), and reports {@link #shellEnded} (the shell is gone) and
 * {@link #outputEnded} (nothing more will be printed). Thread-safe: one thread reads the terminal,
 * the job's thread runs commands, any thread may report the end.
 */
public final class TerminalSession {

    /** Types text into the shell's terminal. */
    @FunctionalInterface
    public interface Keyboard {
        /** @param text what to type, whole lines */
        void type(String text) throws IOException;
    }

    /** Puts a command's script where the shell can source it. */
    @FunctionalInterface
    public interface ScriptPlacement {
        /**
         * @param script the command's script
         * @param number the command's number in the session, from 1
         * @return the script's path as the shell should read it, quoted for the shell
         */
        String place(String script, long number) throws IOException;
    }

    /** After the shell ended, how long its last output may keep coming before a command is given up. */
    private static final long DRAIN_AFTER_END_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long QUIET_AFTER_END_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String shell;
    private final Keyboard keyboard;
    private final String nonce;
    private final Object lock = new Object();
    private final MarkerParser parser = new MarkerParser();
    private final ByteArrayOutputStream startOutput = new ByteArrayOutputStream();

    private boolean ready;
    private boolean translated = true;
    private boolean shellEnded;
    private boolean outputEnded;
    private long endedAtNanos;
    private long lastReadNanos;
    private long commands;
    private Integer exitCode;

    /**
     * @param shell    the shell as messages name it, e.g. {@code bash --login}
     * @param keyboard how to type into its terminal
     */
    public TerminalSession(String shell, Keyboard keyboard) {
        this.shell = shell;
        this.keyboard = keyboard;
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        this.nonce = HexFormat.of().formatHex(bytes);
    }

    /**
     * Sets the shell up for the protocol and waits until it answers, with nothing more to set up or ask.
     *
     * @param timeout how long the shell may take (login scripts run first)
     * @param hint    what to check when it does not answer; may be empty
     * @throws PluginException when the shell ends or does not answer in time, with what it printed
     */
    public void awaitReady(Duration timeout, String hint) throws InterruptedException {
        awaitReady("", "", "", "", timeout, hint);
    }

    /**
     * Sets the shell up for the protocol (no prompt, no history, no echo, {@code cd ~}, the toolbox
     * first on {@code PATH} and its shell functions {@code checkout} and {@code checksum} defined) and
     * waits until it answers.
     *
     * @param extraSetup      more commands for the set-up line, ending with {@code ;}; may be empty
     * @param answerFormat    a {@code printf} format for more of the answer, e.g. {@code " %s"}; may be empty
     * @param answerArguments the format's arguments as shell words, e.g. {@code "\"$HOME\""}
     * @param answerPattern   a regular expression for that part of the answer, e.g. {@code " (.*)"}
     * @param timeout         how long the shell may take (login scripts run first)
     * @param hint            what to check when it does not answer; may be empty
     * @return the answer's match: its groups are {@code answerPattern}'s
     * @throws PluginException when the shell ends or does not answer in time, with what it printed
     */
    public Matcher awaitReady(String extraSetup, String answerFormat, String answerArguments, String answerPattern,
                              Duration timeout, String hint) throws InterruptedException {
        // printf splits the mark, so that an echo of the line can never look like the mark itself;
        // the toolbox goes first on PATH once the login scripts have set theirs, and its functions are defined
        String toolbox = ExecutorContext.TOOLBOX_BIN_VARIABLE;
        type("export PS1=''; unset HISTFILE; stty -echo; cd ~; " + extraSetup + " [ -z \"$" + toolbox
                + "\" ] || export PATH=\"$" + toolbox + ":$PATH\"; [ ! -f \"$" + toolbox + "/../lib/job-shell.bash\" ] || . \"$"
                + toolbox + "/../lib/job-shell.bash\"; printf '%s%s" + answerFormat + "\\n' outrider-ready- "
                + nonce + (answerArguments.isEmpty() ? "" : " " + answerArguments) + "\n");
        Pattern answer = Pattern.compile(Pattern.quote("outrider-ready-" + nonce) + answerPattern + "\r?\n");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                String seen = startOutput.toString(StandardCharsets.UTF_8);
                Matcher matcher = answer.matcher(seen);
                if (matcher.find()) {
                    ready = true;
                    startOutput.reset();
                    return matcher;
                }
                if (shellEnded || outputEnded) {
                    throw new PluginException(shell + " exited while starting; it printed: " + tail(seen));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PluginException(shell + " did not become ready within "
                            + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                            + "; it printed: " + tail(seen) + (hint.isEmpty() ? "" : " (" + hint + ")"));
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    /**
     * Runs a script as the session's next command.
     *
     * @param script    the command's script
     * @param placement where the executor puts it
     * @param output    where the command's output goes
     * @return its exit status, or 1 when the shell ended before the command did, or the command could
     *         not be handed over (then {@code output} says why)
     */
    public int run(String script, ScriptPlacement placement, StepOutput output) throws InterruptedException {
        long number;
        String id;
        synchronized (lock) {
            if (shellEnded) {
                return 1;
            }
            number = ++commands;
            id = nonce + "-" + number;
            exitCode = null;
            parser.expect(MarkerParser.startLine(id), MarkerParser.endPrefix(id), new MarkerParser.Listener() {
                @Override
                public void output(byte[] bytes, int offset, int length) {
                    if (translated) {
                        output.write(bytes, offset, length);
                    } else {
                        output.writeUntranslated(bytes, offset, length);
                    }
                }

                @Override
                public void finished(int code) {
                    exitCode = code;
                    lock.notifyAll();
                }
            });
        }
        try {
            keyboard.type(MarkerParser.commandLine(id, placement.place(script, number)));
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                parser.abandon();
                if (shellEnded) {
                    return 1; // the shell is gone: nothing to report beyond exit code 1
                }
            }
            output.message("Outrider could not hand the command to " + shell + ": " + e.getMessage() + "\n");
            return 1;
        }
        synchronized (lock) {
            while (exitCode == null && !shellEnded) {
                lock.wait();
            }
            if (exitCode == null) {
                awaitLastOutput();
            }
            if (exitCode != null) {
                return exitCode;
            }
            byte[] held = parser.held();
            if (held.length > 0) {
                output.write(held, 0, held.length);
            }
            parser.abandon();
            return 1;
        }
    }

    /** The shell is gone: lets its last output arrive (until it ends, stays quiet, or a deadline). */
    private void awaitLastOutput() throws InterruptedException {
        long deadline = endedAtNanos + DRAIN_AFTER_END_NANOS;
        while (exitCode == null && !outputEnded) {
            long now = System.nanoTime();
            long quietUntil = Math.max(lastReadNanos, endedAtNanos) + QUIET_AFTER_END_NANOS;
            if (now >= deadline || now >= quietUntil) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(lock, Math.min(deadline, quietUntil) - now);
        }
    }

    /** Bytes a terminal that translates newlines ({@code \n} to {@code \r\n}) printed, in order (from the thread that reads it). */
    public void received(byte[] bytes, int offset, int length) {
        received(bytes, offset, length, true);
    }

    /**
     * Bytes the terminal printed, in order (from the thread that reads it).
     *
     * @param translatesNewlines whether the terminal translated {@code \n} to {@code \r\n} when they were printed
     *                           (output post-processing on, as a new terminal has it); without that
     *                           ({@code stty -opost}) they are what the programs wrote
     */
    public void received(byte[] bytes, int offset, int length, boolean translatesNewlines) {
        synchronized (lock) {
            translated = translatesNewlines;
            lastReadNanos = System.nanoTime();
            if (!ready) {
                startOutput.write(bytes, offset, length);
                lock.notifyAll(); // the set-up waits for the shell's answer
            } else {
                // a command's end wakes its thread (the parser's listener); waking it for every read of a command
                // that prints fast would cost a thread switch per read
                parser.feed(bytes, offset, length);
            }
        }
    }

    /**
     * Reads what the terminal prints until it ends, then reports {@link #outputEnded}: the body of the
     * executor's reader thread when the terminal is a stream. Closes the stream.
     */
    public void readFrom(InputStream terminal) {
        readFrom(terminal, () -> true);
    }

    /**
     * Reads what the terminal prints until it ends, as {@link #readFrom(InputStream)} does, for a terminal whose
     * newline translation may change (a job may run {@code stty}).
     *
     * @param translatesNewlines asked after each read: whether the terminal translates {@code \n} to {@code \r\n}
     */
    public void readFrom(InputStream terminal, BooleanSupplier translatesNewlines) {
        // A pty hands out at most about 4 KiB per read, and pty4j allocates the whole length asked for on every
        // read: a larger buffer would only make garbage (four times the output with 16 KiB)
        byte[] buffer = new byte[4 * 1024];
        try (terminal) {
            int n;
            while ((n = terminal.read(buffer)) > 0) {
                received(buffer, 0, n, translatesNewlines.getAsBoolean());
            }
        } catch (IOException e) {
            // a pty reports EIO once every process holding it is gone
        } finally {
            outputEnded();
        }
    }

    /** The shell is gone (its process exited, or it was killed); a command in progress returns 1. */
    public void shellEnded() {
        synchronized (lock) {
            if (!shellEnded) {
                shellEnded = true;
                endedAtNanos = System.nanoTime();
            }
            lock.notifyAll();
        }
    }

    /** The terminal will print nothing more; this also means the shell is gone. */
    public void outputEnded() {
        synchronized (lock) {
            outputEnded = true;
        }
        shellEnded();
    }

    /** @return whether the shell is gone */
    public boolean hasEnded() {
        synchronized (lock) {
            return shellEnded;
        }
    }

    private void type(String text) {
        try {
            keyboard.type(text);
        } catch (IOException e) {
            throw new PluginException("cannot write to the terminal of " + shell + ": " + e.getMessage(), e);
        }
    }

    private static String tail(String text) {
        String clean = text.replace("\r", "").strip();
        return clean.isEmpty() ? "(nothing)" : clean.length() > 500 ? "..." + clean.substring(clean.length() - 500) : clean;
    }
}
