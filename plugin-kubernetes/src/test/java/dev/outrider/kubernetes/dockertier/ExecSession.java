package dev.outrider.kubernetes.dockertier;

import static dev.outrider.kubernetes.testing.ExecChannels.STDERR;
import static dev.outrider.kubernetes.testing.ExecChannels.STDIN;
import static dev.outrider.kubernetes.testing.ExecChannels.STDOUT;

import dev.outrider.kubernetes.testing.ExecChannels;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One exec stream, spoken as {@code v4.channel.k8s.io}: each binary frame starts with its channel (0 stdin
 * from the client, 1 stdout, 2 stderr, 3 the final status, 4 terminal resizes from the client). The command
 * runs through {@code docker exec} in the pod's container; with a TTY under {@code script}, which gives
 * {@code docker exec -t} the terminal it insists on. When the command ends: the status frame, then close 1000.
 */
final class ExecSession extends WebSocketListener {

    private final ExecRequest request;
    private final String dockerContainer;
    private final Consumer<ExecSession> onEnd;
    private volatile WebSocket socket;
    private volatile Process process;
    private volatile boolean cut;
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();

    ExecSession(ExecRequest request, String dockerContainer, Consumer<ExecSession> onEnd) {
        this.request = request;
        this.dockerContainer = dockerContainer;
        this.onEnd = onEnd;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        socket = webSocket;
        // platform threads throughout: blocking pipe reads on virtual threads can pin every carrier of a 2-core machine
        Thread.ofPlatform().daemon().name("exec-" + dockerContainer).start(this::run);
    }

    /** Kept until the command runs, in order: a client may write before the process has started. */
    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == STDIN) {
            stdin.add(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
        // resizes (channel 4): the terminal under script keeps its size
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        end();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        end();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
        end();
    }

    /** Closes the stream as a lost connection would look to the client: no status frame, the command killed. */
    void cut() {
        cut = true;
        if (socket != null) {
            socket.close(1000, "");
        }
        end();
    }

    private void run() {
        try {
            process = new ProcessBuilder(command()).start();
            List<Thread> pumps = new ArrayList<>();
            pumps.add(pump(process.getInputStream(), STDOUT));
            pumps.add(pump(process.getErrorStream(), request.tty() ? STDOUT : STDERR));
            Thread writer = Thread.ofPlatform().daemon().start(() -> forwardStdin(process.getOutputStream()));
            int exitCode = process.waitFor();
            for (Thread pump : pumps) {
                pump.join();
            }
            writer.interrupt();
            if (!cut) {
                socket.send(ExecChannels.exited(exitCode));
                socket.close(1000, "");
            }
        } catch (IOException e) {
            socket.send(ExecChannels.failed("cannot run docker exec: " + e.getMessage()));
            socket.close(1000, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            onEnd.accept(this);
        }
    }

    private List<String> command() {
        List<String> docker = new ArrayList<>(List.of("docker", "exec"));
        if (request.stdin()) {
            docker.add("-i");
        }
        if (request.tty()) {
            docker.add("-t");
        }
        docker.add(dockerContainer);
        docker.addAll(request.command());
        if (!request.tty()) {
            return docker;
        }
        String line = String.join(" ", docker.stream().map(ExecSession::quoted).toList());
        return List.of("script", "-qfec", line, "/dev/null");
    }

    private void forwardStdin(OutputStream input) {
        try (input) {
            if (!request.stdin()) {
                return;
            }
            while (true) {
                byte[] bytes = stdin.take();
                input.write(bytes);
                input.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the command ended
        }
    }

    private Thread pump(InputStream stream, byte channel) {
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (stream) {
                for (int read; (read = stream.read(buffer)) >= 0; ) {
                    if (read > 0 && !cut) {
                        socket.send(ExecChannels.frame(channel, buffer, read));
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
    }

    private void end() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
