package dev.outrider.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker command line, run to its end with its output kept in files of a folder. */
final class DockerCommand {

    private final Path output;

    DockerCommand(Path output) {
        this.output = output;
    }

    /** @return whether a Docker engine answers {@code docker info} */
    static boolean engineAnswers() {
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return info.waitFor(60, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code docker ARGS} (or any command when the first argument is a path) for at most the timeout. */
    Installation.Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (!args[0].contains("/")) {
            command.add("docker");
        }
        command.addAll(List.of(args));
        Files.createDirectories(output);
        Process process = new ProcessBuilder(command).directory(output.toFile())
                .redirectOutput(output.resolve("stdout.txt").toFile())
                .redirectError(output.resolve("stderr.txt").toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
        }
        return new Installation.Result(process.exitValue(),
                Files.readString(output.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(output.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
