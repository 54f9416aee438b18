package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.outrider.spi.StepOutput;
import dev.outrider.toolkit.TerminalSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The job's persistent bash in the main container, driven through the container's terminal (the
 * container runs {@code bash} with a tty and open stdin; the session is attached to it). Commands
 * use the marker protocol ({@link TerminalSession}); each command's script is copied into the
 * container first, then sourced.
 */
final class ContainerSession implements AutoCloseable {

    /** Where the session's scripts and files go inside the container (Semaphore's folder name). */
    static final String TEMP = "/tmp/agent-temp-directory";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient docker;
    private final String containerId;
    private final ContainerFiles files;
    private final StdinPipe stdin = new StdinPipe();
    private final TerminalSession session = new TerminalSession("bash in the main container", this::type);
    private ResultCallback.Adapter<Frame> attached;
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
                        byte[] payload = frame.getPayload();
                        session.received(payload, 0, payload.length);
                    }

                    @Override
                    public void onError(Throwable error) {
                        session.outputEnded();
                    }

                    @Override
                    public void onComplete() {
                        session.outputEnded();
                    }
                });
        attached.awaitStarted(30, TimeUnit.SECONDS);
    }

    /**
     * Sets the shell up for the marker protocol and waits until it answers; the answer also tells who
     * the shell runs as (the owner of files copied in later) and its home folder.
     */
    void awaitReady() throws InterruptedException {
        Matcher answer = session.awaitReady("mkdir -p " + TEMP + " 2>/dev/null;", " %s %s %s",
                "\"$(id -u)\" \"$(id -g)\" \"$HOME\"", " ([0-9]+) ([0-9]+) (.*)", START_TIMEOUT, "");
        files.owner(Integer.parseInt(answer.group(1)), Integer.parseInt(answer.group(2)));
        home = answer.group(3);
    }

    /**
     * Runs a script as the next command.
     *
     * @return its exit status, or 1 when the session ended first
     */
    int run(String script, StepOutput output) throws InterruptedException {
        return session.run(script, (text, number) -> {
            String scriptFile = TEMP + "/command-" + number + ".sh";
            files.copy(scriptFile, text.getBytes(StandardCharsets.UTF_8), 0600);
            return scriptFile;
        }, output);
    }

    /** @return the main container's id */
    String containerId() {
        return containerId;
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
        return session.hasEnded();
    }

    private void type(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        stdin.close();
        session.outputEnded();
        if (attached != null) {
            try {
                attached.close();
            } catch (IOException e) {
                // the connection is going away anyway
            }
        }
    }
}
