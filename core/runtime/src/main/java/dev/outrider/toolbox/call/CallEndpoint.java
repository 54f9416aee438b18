package dev.outrider.toolbox.call;

import com.sun.net.httpserver.HttpExchange;
import dev.outrider.spi.JobFiles;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's end of the toolbox calls: {@code POST /call/NAME} runs the command NAME in the agent
 * and streams its {@link Transcript}; {@code PUT /call-stdin/ID} brings the calling command's
 * standard input when the command asks for it.
 */
public final class CallEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(CallEndpoint.class);
    private static final int MAX_CALL_BYTES = 16 * 1024 * 1024;
    private static final long STDIN_WAIT_SECONDS = 60;

    private final CallContext context;
    private final Map<String, ToolboxCommand> commands;
    private final Supplier<JobFiles> files;
    private final Map<String, StdinHandoff> stdins = new ConcurrentHashMap<>();

    /**
     * @param context  the job's context
     * @param commands the commands by name
     * @param files    the job's files, once its executor exists
     */
    public CallEndpoint(CallContext context, Map<String, ToolboxCommand> commands, Supplier<JobFiles> files) {
        this.context = Objects.requireNonNull(context, "context");
        this.commands = Map.copyOf(commands);
        this.files = Objects.requireNonNull(files, "files");
    }

    /**
     * @param path     the request's path, such as {@code /call/artifact}
     * @param exchange the request; answered and closed by the caller
     */
    public void handle(String path, HttpExchange exchange) throws IOException {
        if (path.startsWith("/call-stdin/")) {
            receiveStdin(path.substring("/call-stdin/".length()), exchange);
            return;
        }
        String name = path.substring("/call/".length());
        ToolboxCommand command = commands.get(name);
        if (command == null || !"POST".equals(exchange.getRequestMethod())) {
            TextReply.send(exchange, 404, "no toolbox command '" + name + "' in this agent\n");
            return;
        }
        CallRequest request;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(MAX_CALL_BYTES + 1);
            if (bytes.length > MAX_CALL_BYTES) {
                TextReply.send(exchange, 413, "the toolbox call is larger than " + MAX_CALL_BYTES + " bytes\n");
                return;
            }
            request = CallRequest.parse(bytes);
        } catch (IllegalArgumentException e) {
            TextReply.send(exchange, 400, e.getMessage() + "\n");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        List<StdinHandoff> asked = new CopyOnWriteArrayList<>();
        try (OutputStream out = exchange.getResponseBody()) {
            Transcript transcript = new Transcript(out);
            ToolboxCall call = new ToolboxCall(name, request.args(), request.workingDirectory(), request.environment(),
                    files.get(), transcript, () -> askForStdin(transcript, asked), context);
            transcript.exit(run(command, call, transcript));
        } catch (UncheckedIOException e) {
            LOG.debug("Job '{}': toolbox call '{}' ended early: {}", context.jobId(), name, e.getMessage());
        } finally {
            // a command that did not read its input to the end lets the job's upload end all the same
            asked.forEach(handoff -> handoff.done.countDown());
        }
    }

    private int run(ToolboxCommand command, ToolboxCall call, Transcript transcript) {
        try {
            return command.run(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transcript.err("error: the agent stopped the command");
            return 1;
        } catch (UncheckedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Job '{}': toolbox command '{}' failed: {}", context.jobId(), command.name(), e.toString());
            transcript.err("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private InputStream askForStdin(Transcript transcript, List<StdinHandoff> asked) throws IOException, InterruptedException {
        String id = UUID.randomUUID().toString();
        StdinHandoff handoff = new StdinHandoff();
        asked.add(handoff);
        stdins.put(id, handoff);
        transcript.askForStdin(id);
        try {
            InputStream in = handoff.stream.get(STDIN_WAIT_SECONDS, TimeUnit.SECONDS);
            return new FilterInputStream(in) {
                @Override
                public void close() {
                    handoff.done.countDown();
                }
            };
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the job did not send its standard input within " + STDIN_WAIT_SECONDS + " s");
        } finally {
            stdins.remove(id);
        }
    }

    private void receiveStdin(String id, HttpExchange exchange) throws IOException {
        StdinHandoff handoff = stdins.get(id);
        if (handoff == null || !"PUT".equals(exchange.getRequestMethod())) {
            TextReply.send(exchange, 404, "no command waits for this standard input\n");
            return;
        }
        try (InputStream body = exchange.getRequestBody()) {
            handoff.stream.complete(body);
            handoff.done.await();
            body.transferTo(OutputStream.nullOutputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TextReply.send(exchange, 200, "");
    }


    private static final class StdinHandoff {
        final CompletableFuture<InputStream> stream = new CompletableFuture<>();
        final CountDownLatch done = new CountDownLatch(1);
    }
}
