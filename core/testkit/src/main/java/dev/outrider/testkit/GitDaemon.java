package dev.outrider.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code git daemon} serving every repository below a folder over {@code git://127.0.0.1:PORT/}, as a
 * process of the test; started when it reports it is ready, killed on close.
 */
public final class GitDaemon implements AutoCloseable {

    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param basePath the folder whose repositories it serves
     * @throws IllegalStateException when it is not ready within a minute, with what it printed
     */
    public static GitDaemon serve(Path basePath) {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
        Process process;
        try {
            process = new ProcessBuilder("git", "daemon", "--verbose", "--reuseaddr", "--export-all",
                    "--base-path=" + basePath, "--listen=127.0.0.1", "--port=" + port)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start git daemon; is git installed?", e);
        }
        // it prints "[pid] Ready to rumble" once it listens; the rest of its log is read and dropped
        List<String> printed = new ArrayList<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("git-daemon-" + port).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (printed) {
                        printed.add(line);
                    }
                    if (line.contains("Ready to rumble")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            ready.complete(false);
        });
        boolean started;
        try {
            started = ready.get(1, TimeUnit.MINUTES);
        } catch (TimeoutException | ExecutionException e) {
            started = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = false;
        }
        if (!started) {
            process.destroyForcibly();
            synchronized (printed) {
                throw new IllegalStateException("git daemon on 127.0.0.1:" + port + " did not become ready; it printed: "
                        + String.join("\n", printed));
            }
        }
        return new GitDaemon(process, port);
    }

    /** @return the URL of a repository below the base path, e.g. {@code origin.git} */
    public String url(String repository) {
        return "git://127.0.0.1:" + port + "/" + repository;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
