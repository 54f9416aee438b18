package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.MarkerParser;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job's persistent bash in the main container, driven through the container's terminal (the
 * container runs {@code bash} with a tty and open stdin; the session is attached to it). Commands
 * use the shell executor's marker protocol ({@link MarkerParser}); each command's script is copied
 * into the container first, then sourced.
 */
final class ContainerSession implements AutoCloseable {

    /** Where the session's scripts and files go inside the container (Semaphore's folder name). */
    static final String TEMP = "/tmp/agent-temp-directory";

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final DockerClient docker;
    private final String containerId;
    private final ContainerFiles files;
    private final StdinPipe stdin = new StdinPipe();
    private final MarkerParser parser = new MarkerParser();
    private final ByteArrayOutputStream startOutput = new ByteArrayOutputStream();
    private final Object lock = new Object();
    private final String nonce = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private ResultCallback.Adapter<Frame> attached;
    private boolean ready;
    private boolean ended;
    private Integer exitCode;
    private int commandCounter;
    private String home = "/root";

    ContainerSession(DockerClient docker, String containerId, ContainerFiles files) {
        this.docker = docker;
        this.containerId = containerId;
        this.files = files;
    }

    /**
     * Attaches to the created (not yet started) container; call {@link #awaitReady} after starting it.
     */
    void attach() throws InterruptedException {
        attached = docker.attachContainerCmd(containerId).withStdIn(stdin).withStdOut(true).withStdErr(true)
                .withFollowStream(true).withLogs(false)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        received(frame.getPayload());
                    }

                    @Override
                    public void onError(Throwable error) {
                        markEnded();
                    }

                    @Override
                    public void onComplete() {
                        markEnded();
                    }
                });
        attached.awaitStarted(30, TimeUnit.SECONDS);
    }

    /** Sets the shell up for the marker protocol and waits until it answers. */
    void awaitReady() throws InterruptedException {
        String mark = "outrider-ready-" + nonce;
        // printf splits the mark, so that an echo of this line can never look like the mark itself
        // the line also tells who the shell runs as, for the owner of the files copied in later
        try {
            type("export PS1=''; unset HISTFILE; stty -echo; cd ~; mkdir -p " + TEMP + " 2>/dev/null;"
                    + " [ -z \"$" + ExecutorContext.TOOLBOX_BIN_VARIABLE + "\" ] || export PATH=\"$"
                    + ExecutorContext.TOOLBOX_BIN_VARIABLE + ":$PATH\";"
                    + " printf '%s%s %s %s %s\\n' outrider-ready- " + nonce + " \"$(id -u)\" \"$(id -g)\" \"$HOME\"\n");
        } catch (IOException e) {
            throw new PluginException("cannot type into the main container's terminal: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        synchronized (lock) {
            while (!ready) {
                String seen = startOutput.toString(StandardCharsets.UTF_8);
                Matcher answer = Pattern.compile(Pattern.quote(mark) + " ([0-9]+) ([0-9]+) (.*)\r\n").matcher(seen);
                if (answer.find()) {
                    files.owner(Integer.parseInt(answer.group(1)), Integer.parseInt(answer.group(2)));
                    home = answer.group(3);
                    ready = true;
                    break;
                }
                if (ended) {
                    throw new PluginException("bash in the main container exited while starting; it printed: " + tail(seen));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PluginException("bash in the main container did not become ready within 60 s; it printed: "
                            + tail(seen));
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            startOutput.reset();
        }
    }

    /**
     * Runs a script as the next command.
     *
     * @return its exit status, or 1 when the session ended first
     */
    int run(String script, StepOutput output) throws InterruptedException {
        String id = nonce + "-" + (++commandCounter);
        synchronized (lock) {
            if (ended) {
                return 1;
            }
            exitCode = null;
            parser.expect(MarkerParser.startLine(id), MarkerParser.endPrefix(id), new MarkerParser.Listener() {
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
        String scriptFile = TEMP + "/command-" + commandCounter + ".sh";
        try {
            files.copy(scriptFile, script.getBytes(StandardCharsets.UTF_8), 0600);
            type(MarkerParser.commandLine(id, scriptFile));
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                parser.abandon();
                if (ended) {
                    return 1;
                }
            }
            output.message("Outrider could not hand the command to the container's shell: " + e.getMessage() + "\n");
            return 1;
        }
        synchronized (lock) {
            while (exitCode == null && !ended) {
                lock.wait();
            }
            if (exitCode != null) {
                return exitCode;
            }
            parser.abandon();
            return 1;
        }
    }

    /** @return how files get into the container */
    ContainerFiles files() {
        return files;
    }

    /** @return the home folder of the container's user, where relative file paths go */
    String home() {
        return home;
    }

    /** @return whether the container's shell has ended */
    boolean ended() {
        synchronized (lock) {
            return ended;
        }
    }

    private void type(String line) throws IOException {
        stdin.write(line.getBytes(StandardCharsets.UTF_8));
    }

    private void received(byte[] bytes) {
        synchronized (lock) {
            if (!ready) {
                startOutput.write(bytes, 0, bytes.length);
            } else {
                parser.feed(bytes, 0, bytes.length);
            }
            lock.notifyAll();
        }
    }

    private void markEnded() {
        synchronized (lock) {
            ended = true;
            lock.notifyAll();
        }
    }

    private static String tail(String text) {
        String clean = text.replace("\r", "").strip();
        return clean.isEmpty() ? "(nothing)" : "'" + clean.substring(Math.max(0, clean.length() - 500)) + "'";
    }

    @Override
    public void close() {
        stdin.close();
        markEnded();
        if (attached != null) {
            try {
                attached.close();
            } catch (IOException e) {
                // the connection is going away anyway
            }
        }
    }
}
