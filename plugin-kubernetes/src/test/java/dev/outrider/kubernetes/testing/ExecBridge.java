package dev.outrider.kubernetes.testing;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The exec endpoint of the fake API server: answers {@code .../pods/NAME/exec?command=...} with a
 * WebSocket that speaks {@code v4.channel.k8s.io} (channel 0 stdin, 1 stdout, 3 the status, 4 resize)
 * and runs the command on this machine in a terminal ({@code script}), inside a private mount
 * namespace where {@code /tmp/injected} is the pod's Secret volume as the {@link FakeKubelet} wrote it.
 * Every process carries {@value #POD_VARIABLE}{@code =namespace/pod#uid}, so deleting the pod ends them all,
 * as a real pod's end does.
 */
public final class ExecBridge {

    /** The variable that marks every process of a fake pod. */
    public static final String POD_VARIABLE = "OUTRIDER_FAKE_POD";
    /** Where pods see their Secret. */
    public static final Path INJECTED = Path.of("/tmp/injected");

    private final Map<String, PodProcessSetup> pods = new ConcurrentHashMap<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> pings = new ConcurrentHashMap<>();

    /** What the kubelet knows of a pod that the exec needs; the uid tells a pod from a later one of the same name. */
    record PodProcessSetup(String uid, Path volume, Map<String, String> env) {
    }

    ExecBridge() {
        try {
            Files.createDirectories(INJECTED);
        } catch (IOException e) {
            throw new UncheckedIOException("the exec bridge needs the folder " + INJECTED, e);
        }
    }

    /** The kubelet started a pod: its Secret volume and its main container's environment. */
    void podStarted(String namespace, String pod, String uid, Path volume, Map<String, String> env) {
        pods.put(namespace + "/" + pod, new PodProcessSetup(uid, volume, Map.copyOf(env)));
    }

    /**
     * The pod was deleted: ends every process of it. Tests reuse job ids, so a pod of the same name may
     * already run again when the deletion of the last one arrives: only what belongs to this uid ends.
     */
    void podDeleted(String namespace, String pod, String uid) {
        pods.computeIfPresent(namespace + "/" + pod, (key, setup) -> java.util.Objects.equals(setup.uid(), uid) ? null : setup);
        for (Session session : sessions) {
            if (session.pod.equals(namespace + "/" + pod) && java.util.Objects.equals(session.setup.uid(), uid)) {
                session.end();
            }
        }
        for (long pid : processesWithMark(namespace + "/" + pod + "#" + uid + "\0")) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Cuts every exec stream of a pod as a broken connection would: the WebSocket closes without a
     * status frame. The processes stay (until the pod is deleted).
     */
    public void cut(String namespace, String pod) {
        for (Session session : sessions) {
            if (session.pod.equals(namespace + "/" + pod)) {
                session.cut();
            }
        }
    }

    /** @return how many WebSocket pings the exec streams of a pod received */
    public int pings(String namespace, String pod) {
        var count = pings.get(namespace + "/" + pod);
        return count == null ? 0 : count.get();
    }

    /** @return the pids of the live processes of a fake pod ({@code namespace/pod}); every pod's when null */
    public static List<Long> processesOf(String pod) {
        return processesWithMark(pod == null ? "" : pod + "#");
    }

    private static List<Long> processesWithMark(String value) {
        byte[] marker = (POD_VARIABLE + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                        continue;
                    }
                    byte[] environment = Files.readAllBytes(entry.resolve("environ"));
                    if (indexOf(environment, marker) >= 0) {
                        found.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private volatile MockResponse refusal;

    /** From now on, exec requests get this status (e.g. 403) with this message instead of a stream. */
    public void refuse(int code, String message) {
        refusal = new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"message\":\"" + message.replace("\"", "\\\"") + "\",\"code\":" + code + "}");
    }

    /** Answers an exec request. */
    MockResponse answer(RecordedRequest request) {
        if (refusal != null) {
            return refusal;
        }
        String path = request.getPath();
        String[] parts = path.substring(0, path.indexOf('?')).split("/");
        String namespace = parts[4];
        String pod = parts[6];
        List<String> command = new ArrayList<>();
        for (String parameter : path.substring(path.indexOf('?') + 1).split("&")) {
            if (parameter.startsWith("command=")) {
                command.add(URLDecoder.decode(parameter.substring("command=".length()), StandardCharsets.UTF_8));
            }
        }
        PodProcessSetup setup = pods.get(namespace + "/" + pod);
        if (setup == null) {
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"pods \\\"" + pod + "\\\" not found\",\"code\":404}");
        }
        Session session = new Session(namespace + "/" + pod, setup, command);
        sessions.add(session);
        return new MockResponse().setResponseCode(101).addHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
                .withWebSocketUpgrade(session);
    }

    /** One exec stream and the process behind it. */
    private final class Session extends WebSocketListener {
        private final String pod;
        private final PodProcessSetup setup;
        private final List<String> command;
        private volatile Process process;
        private volatile WebSocket socket;
        private volatile boolean cut;

        Session(String pod, PodProcessSetup setup, List<String> command) {
            this.pod = pod;
            this.setup = setup;
            this.command = command;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            String line = String.join(" ", command.stream().map(ExecBridge::quote).toList());
            ProcessBuilder builder = new ProcessBuilder("unshare", "-m", "--propagation", "private", "bash", "-c",
                    "mount --bind \"$1\" " + INJECTED + " && exec script -qfec \"$2\" /dev/null", "_",
                    setup.volume().toString(), line).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            env.put("HOME", System.getProperty("user.home"));
            env.put("TERM", "xterm");
            env.put("LANG", "C.UTF-8");
            env.putAll(setup.env());
            env.put(POD_VARIABLE, pod + "#" + setup.uid());
            try {
                process = builder.start();
            } catch (IOException e) {
                finish(webSocket, 126);
                return;
            }
            Thread.ofPlatform().daemon().name("exec-bridge-" + pod).start(this::pump);
        }

        private void pump() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream out = process.getInputStream()) {
                int n;
                while ((n = out.read(buffer)) > 0) {
                    socket.send(ExecChannels.frame(ExecChannels.STDOUT, buffer, n));
                }
            } catch (IOException e) {
                // the process is gone
            }
            try {
                int status = process.waitFor();
                if (!cut) {
                    finish(socket, status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void finish(WebSocket webSocket, int status) {
            webSocket.send(ExecChannels.exited(status));
            webSocket.close(1000, "");
            sessions.remove(this);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            onMessage(webSocket, bytes.toByteArray());
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            // the mock server delivers messages only after onOpen returned (the socket is paused until then)
            if (bytes.length < 1 || bytes[0] != 0 || process == null) {
                return; // resize (channel 4) and anything else: a terminal here has no size to change
            }
            try {
                OutputStream in = process.getOutputStream();
                in.write(Arrays.copyOfRange(bytes, 1, bytes.length));
                in.flush();
            } catch (IOException e) {
                // the process is gone; its end is reported by pump()
            }
        }

        @Override
        public void onPing(WebSocket webSocket, byte[] payload) {
            pings.computeIfAbsent(pod, p -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
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
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            end();
        }

        /** The client went away: the terminal hangs up, as when kubelet's exec stream ends. */
        void end() {
            Process current = process;
            if (current != null) {
                current.destroy();
            }
            sessions.remove(this);
        }

        void cut() {
            cut = true;
            WebSocket current = socket;
            if (current != null) {
                current.close(1001, "");
            }
            sessions.remove(this);
        }
    }

    private static String quote(String word) {
        return word.matches("[-._/a-zA-Z0-9=]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
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
}
