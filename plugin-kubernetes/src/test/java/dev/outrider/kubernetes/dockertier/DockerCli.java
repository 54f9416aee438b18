package dev.outrider.kubernetes.dockertier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the {@code docker} command line of this machine (it honours DOCKER_HOST) and collects what it printed. */
final class DockerCli {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** What one docker command did. */
    record Result(List<String> command, int exitCode, String out, String err) {

        boolean ok() {
            return exitCode == 0;
        }

        /** @return stdout without the trailing newline; throws when the command failed */
        String orThrow() {
            if (!ok()) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed with exit code "
                        + exitCode + ": " + err.strip());
            }
            return out.strip();
        }
    }

    Result run(String... args) {
        return run(List.of(args));
    }

    Result run(List<String> args) {
        return run(TIMEOUT, args);
    }

    /** Runs a command that may take long (docker wait): it ends when the container does. */
    Result run(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within " + timeout);
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run 'docker' (is the Docker CLI on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        // a platform thread: a long 'docker wait' read on virtual threads pinned both scheduler threads of a
        // 2-core machine and starved the fake kubelet (seen in the Kubernetes benchmark)
        Thread.ofPlatform().daemon().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }
}
