package dev.outrider.shell;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.MarkerParser;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent {@code bash --login} in a pseudo-terminal, where a job's commands run one after the
 * other (job.md §5). Each command is written to a file that the shell sources between a start and
 * an end marker; the end marker carries the exit status.
 *
 * <p>{@link #run} is called from the job's thread; {@link #kill} from any thread.
 */
final class ShellSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** After the shell died, how long its last output may keep coming before the command is given up. */
    private static final long DRAIN_AFTER_DEATH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long QUIET_AFTER_DEATH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final PtyProcess process;
    private final OutputStream terminal;
    private final Path commandFile;
    private final String nonce;
    private final Object lock = new Object();
    private final MarkerParser parser = new MarkerParser();
    private final ByteArrayOutputStream startOutput = new ByteArrayOutputStream();
    private final Thread reader;

    private boolean ready;
    private boolean ended;
    private long endedAtNanos;
    private long lastReadNanos;
    private long commandCounter;
    private Integer exitCode;

    private ShellSession(PtyProcess process, Path commandFile) {
        this.process = process;
        this.terminal = process.getOutputStream();
        this.commandFile = commandFile;
        this.nonce = HexFormat.of().formatHex(randomBytes());
        this.reader = Thread.ofPlatform().daemon().name("shell-reader-" + process.pid()).unstarted(this::readTerminal);
    }

    /**
     * Starts the shell and waits until it is ready for commands.
     *
     * @param environment the shell's environment
     * @param directory   the shell's first working directory (it then changes to {@code ~})
     * @param commandFile the file commands are written to, private to the job
     * @return the ready session
     * @throws PluginException when bash cannot start or does not become ready
     */
    static ShellSession start(Map<String, String> environment, Path directory, Path commandFile)
            throws InterruptedException {
        PtyProcess process;
        try {
            process = new PtyProcessBuilder(new String[] {"bash", "--login"})
                    .setEnvironment(environment)
                    .setDirectory(directory.toString())
                    .setConsole(false)
                    .setRedirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new PluginException("cannot start 'bash --login' in a pseudo-terminal: " + e.getMessage()
                    + "; is bash installed and on the agent's PATH?", e);
        }
        ShellSession session = new ShellSession(process, commandFile);
        session.reader.start();
        session.watchProcess();
        try {
            session.awaitReady();
        } catch (PluginException | InterruptedException e) {
            session.kill();
            throw e;
        }
        return session;
    }

    private void awaitReady() throws InterruptedException {
        String mark = "outrider-ready-" + nonce;
        // The printf splits the mark so that an echo of this line can never look like the mark itself.
        // the toolbox goes first on PATH once the login scripts have set theirs
        write("export PS1=''; unset HISTFILE; stty -echo; cd ~; [ -z \"$" + ExecutorContext.TOOLBOX_BIN_VARIABLE
                + "\" ] || export PATH=\"$" + ExecutorContext.TOOLBOX_BIN_VARIABLE + ":$PATH\"; printf '%s%s\\n' outrider-ready- "
                + nonce + "\n");
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        synchronized (lock) {
            while (!ready) {
                String seen = startOutput.toString(StandardCharsets.UTF_8);
                int at = seen.indexOf(mark + "\r\n");
                if (at >= 0) {
                    ready = true;
                    break;
                }
                if (ended) {
                    throw new PluginException("bash --login exited while starting; it printed: " + tail(seen));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PluginException("bash --login did not become ready within "
                            + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s; it printed: " + tail(seen)
                            + " (check the login scripts: /etc/profile, ~/.bash_profile, ~/.profile)");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            startOutput.reset();
        }
    }

    /**
     * Runs a script in the shell as the next command.
     *
     * @return its exit status, or 1 when the shell ended before the script did
     */
    int run(String script, StepOutput output) throws InterruptedException {
        String id = nonce + "-" + (++commandCounter);
        byte[] startLine = MarkerParser.startLine(id);
        byte[] endPrefix = MarkerParser.endPrefix(id);
        synchronized (lock) {
            if (ended) {
                return 1;
            }
            exitCode = null;
            parser.expect(startLine, endPrefix, new MarkerParser.Listener() {
                @Override
                public void output(byte[] bytes, int offset, int length) {
                    output.write(bytes, offset, length);
                }

                @Override
                public void finished(int code) {
                    exitCode = code;
                    lock.notifyAll();
                }
            });
        }
        try {
            Files.write(commandFile, script.getBytes(StandardCharsets.UTF_8));
            write(MarkerParser.commandLine(id, quote(commandFile)));
        } catch (IOException | PluginException e) {
            synchronized (lock) {
                parser.abandon();
                if (ended) {
                    return 1; // the shell is gone: nothing to report beyond exit code 1
                }
            }
            LOG.error("Could not hand a command to the job's shell: {}", e.getMessage());
            output.message("Outrider could not hand the command to the shell: " + e.getMessage() + "\n");
            return 1;
        }
        synchronized (lock) {
            while (exitCode == null && !ended) {
                lock.wait();
            }
            if (exitCode != null) {
                return exitCode;
            }
            // the shell is gone: let its last output arrive, then give the command up
            long deadline = endedAtNanos + DRAIN_AFTER_DEATH_NANOS;
            while (exitCode == null && reader.isAlive()) {
                long now = System.nanoTime();
                long quietUntil = Math.max(lastReadNanos, endedAtNanos) + QUIET_AFTER_DEATH_NANOS;
                if (now >= deadline || now >= quietUntil) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, Math.min(deadline, quietUntil) - now);
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

    /** @return the shell's process, while it runs */
    Optional<ProcessHandle> processHandle() {
        return ProcessHandle.of(process.pid());
    }

    /** Kills the shell (SIGKILL) and closes the terminal; a command in progress returns 1. */
    void kill() {
        process.destroyForcibly();
        closeTerminal();
        markEnded();
    }

    @Override
    public void close() {
        kill();
    }

    private void readTerminal() {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (lock) {
                    lastReadNanos = System.nanoTime();
                    if (!ready) {
                        startOutput.write(buffer, 0, n);
                    } else {
                        parser.feed(buffer, 0, n);
                    }
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // EIO once every process holding the terminal is gone
        } finally {
            markEnded();
        }
    }

    private void watchProcess() {
        process.onExit().thenRun(this::markEnded);
    }

    private void markEnded() {
        synchronized (lock) {
            if (!ended) {
                ended = true;
                endedAtNanos = System.nanoTime();
            }
            lock.notifyAll();
        }
    }

    private void write(String line) {
        try {
            terminal.write(line.getBytes(StandardCharsets.UTF_8));
            terminal.flush();
        } catch (IOException e) {
            throw new PluginException("cannot write to the job's shell: " + e.getMessage(), e);
        }
    }

    private void closeTerminal() {
        try {
            terminal.close();
        } catch (IOException e) {
            LOG.debug("Closing the terminal: {}", e.toString());
        }
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\"'\"'") + "'";
    }

    private static String tail(String text) {
        String clean = text.replace("\r", "").strip();
        return clean.isEmpty() ? "(nothing)" : clean.length() > 500 ? "..." + clean.substring(clean.length() - 500) : clean;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
