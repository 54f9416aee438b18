package dev.outrider.kubernetes.testing;

import java.nio.charset.StandardCharsets;

/**
 * The frames of the API server's exec WebSocket ({@code v4.channel.k8s.io}), as the test bridges
 * send them: each binary message starts with its channel, and the status channel ends a command with
 * a {@code Status} object.
 */
public final class ExecChannels {

    /** The client's input. */
    public static final byte STDIN = 0;
    /** The command's output (everything, with a terminal). */
    public static final byte STDOUT = 1;
    /** The command's errors (without a terminal). */
    public static final byte STDERR = 2;
    /** How the command ended. */
    public static final byte STATUS = 3;

    private ExecChannels() {
    }

    /** @return {@code payload} on {@code channel} */
    public static byte[] frame(byte channel, byte[] payload, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, length);
        return frame;
    }

    /** @return the status frame of a command that exited with {@code exitCode}, as the API server sends it */
    public static byte[] exited(int exitCode) {
        String json = exitCode == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
                + "error executing command, exit code " + exitCode + "\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + exitCode + "\"}]}}";
        return status(json);
    }

    /** @return the status frame of a command that could not run */
    public static byte[] failed(String message) {
        return status("{\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"reason\":\"InternalError\",\"code\":500}");
    }

    private static byte[] status(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return frame(STATUS, body, body.length);
    }
}
