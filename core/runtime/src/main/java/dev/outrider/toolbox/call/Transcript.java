package dev.outrider.toolbox.call;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The reply to a job's toolbox call, a line at a time, as the job's {@code toolbox/lib/call.bash}
 * reads it: {@code 1TEXT} prints TEXT on standard output, {@code 2TEXT} on standard error, {@code S}ID
 * asks for the job's standard input (sent to {@code /call-stdin/ID}), and {@code X}STATUS ends the call.
 * Every line is sent as it is printed.
 */
final class Transcript implements CallOutput {

    private final OutputStream out;

    Transcript(OutputStream out) {
        this.out = out;
    }

    @Override
    public void out(String line) {
        lines('1', line);
    }

    @Override
    public void err(String line) {
        lines('2', line);
    }

    void askForStdin(String id) {
        send("S" + id + "\n");
    }

    void exit(int status) {
        send("X" + status + "\n");
    }

    private void lines(char stream, String text) {
        StringBuilder reply = new StringBuilder(text.length() + 8);
        for (String line : text.split("\r?\n", -1)) {
            reply.append(stream).append(line).append('\n');
        }
        send(reply.toString());
    }

    private synchronized void send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the job's command is gone: " + e.getMessage(), e);
        }
    }
}
