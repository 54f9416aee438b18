package dev.outrider.kubernetes.exec;

import dev.outrider.kubernetes.api.JobCluster;
import dev.outrider.kubernetes.api.PodTerminal;
import dev.outrider.spi.StepOutput;
import dev.outrider.toolkit.TerminalSession;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The job's persistent {@code bash --login} in the pod's main container, over the API's exec stream
 * with a terminal, driven with the marker protocol ({@link TerminalSession}). Scripts travel inline
 * (base64 in the command line: there is no shared folder). When the stream ends without the shell's
 * exit status (the connection was cut), the command in progress fails with a message that says so.
 */
public final class PodShell implements AutoCloseable {

    /** The container commands run in. */
    public static final String CONTAINER = "main";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final TerminalSession session;
    private final PodTerminal terminal;
    private final String pod;
    private volatile boolean closing;
    private boolean reported;

    private PodShell(JobCluster cluster, String pod) {
        this.pod = pod;
        TerminalSession[] holder = new TerminalSession[1];
        OutputStream output = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                holder[0].received(bytes, offset, length);
            }
        };
        PodTerminal[] opened = new PodTerminal[1];
        this.session = new TerminalSession("bash in pod " + pod, text -> opened[0].type(text.getBytes(StandardCharsets.UTF_8)));
        holder[0] = session;
        this.terminal = cluster.exec(pod, CONTAINER, output, "bash", "--login");
        opened[0] = terminal;
        terminal.ended().whenComplete((code, error) -> session.outputEnded());
    }

    /**
     * Opens the shell and waits until it answers the protocol's set-up.
     *
     * @throws dev.outrider.spi.PluginException when the stream cannot be opened or the shell does not answer
     */
    public static PodShell open(JobCluster cluster, String pod) throws InterruptedException {
        PodShell shell = new PodShell(cluster, pod);
        try {
            shell.session.awaitReady(START_TIMEOUT, "does the image have bash?");
        } catch (RuntimeException | InterruptedException e) {
            shell.close();
            throw e;
        }
        return shell;
    }

    /**
     * Runs a script as the next command.
     *
     * @return its exit status; 1 when the session ended first (with a message when the stream was cut)
     */
    public int run(String script, StepOutput output) throws InterruptedException {
        int status = session.run(script, (text, number) -> "<(printf %s "
                + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + " | base64 -d)", output);
        if (status != 0 && session.hasEnded() && !closing && streamCut() && !reported) {
            reported = true;
            output.message("Outrider lost the exec stream to pod " + pod + " (container " + CONTAINER + ") before the"
                    + " command ended: " + terminal.failure() + "; the job fails\n");
        }
        return status;
    }

    /** @return whether the stream ended without the shell's exit status */
    private boolean streamCut() {
        return terminal.ended().isDone() && terminal.ended().getNow(0) == null;
    }

    /** @return whether the shell has ended */
    public boolean ended() {
        return session.hasEnded();
    }

    /** Ends the shell: the stream closes, the shell gets a hang-up. */
    @Override
    public void close() {
        closing = true;
        terminal.close();
        session.outputEnded();
    }

}
