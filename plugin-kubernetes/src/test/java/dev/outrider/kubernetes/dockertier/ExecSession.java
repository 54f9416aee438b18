package dev.outrider.kubernetes.dockertier;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    static final byte STDIN = 0;
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte STATUS = 3;

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
                socket.send(frame(STATUS, status(exitCode).getBytes(StandardCharsets.UTF_8)));
                socket.close(1000, "");
            }
        } catch (IOException e) {
            socket.send(frame(STATUS, failure("cannot run docker exec: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
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
                        socket.send(frame(channel, Arrays.copyOf(buffer, read)));
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

    private static byte[] frame(byte channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    private String status(int exitCode) {
        if (exitCode == 0) {
            return "{\"metadata\":{},\"status\":\"Success\"}";
        }
        return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
                + "error executing command, exit code " + exitCode + "\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + exitCode + "\"}]}}";
    }

    static String failure(String message) {
        return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"reason\":\"InternalError\",\"code\":500}";
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
