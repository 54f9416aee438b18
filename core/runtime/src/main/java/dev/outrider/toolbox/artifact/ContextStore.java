package dev.outrider.toolbox.artifact;

import dev.outrider.toolbox.call.CallOutput;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code sem-context}'s keys as workflow artifacts, through the {@code artifact} command run in the agent:
 * a key is the file {@code .workflow-context/<context>/<key>}, a key deleted in a pipeline whose parent set it
 * is marked by {@code .workflow-context/<context>/.deleted/<key>}. Values pass through agent-side temporary
 * files, never the job's.
 */
final class ContextStore {

    private static final String ROOT = ".workflow-context/";

    private final ToolboxCommandRunner artifact;

    /** Runs the artifact command with other arguments and returns its exit status and output. */
    @FunctionalInterface
    interface ToolboxCommandRunner {
        Result run(List<String> args) throws IOException, InterruptedException;
    }

    /**
     * @param exit   the exit status
     * @param output standard output and error, in order
     */
    record Result(int exit, String output) {
        boolean notFound() {
            return output.contains("404 status code") || output.contains("does not exist in the artifact store");
        }
    }

    ContextStore(ToolboxCommandRunner artifact) {
        this.artifact = artifact;
    }

    /** Runs {@code artifact} in-process for a call, on agent-side files. */
    static ContextStore of(ArtifactCommand command, ToolboxCall call) {
        return new ContextStore(args -> {
            CapturedOutput capture = new CapturedOutput();
            int exit = command.run(call.with(command.name(), args, new LocalJobFiles(), capture));
            return new Result(exit, capture.text());
        });
    }

    /** @return the value, or empty when the context has no such key */
    java.util.Optional<String> get(String key, String context, CallOutput output)
            throws SemContextFailure, IOException, InterruptedException {
        Path file = Files.createTempFile("outrider-sem-context-", "");
        try {
            Result result = artifact.run(List.of("pull", "workflow", ROOT + context + "/" + key, "-d", file.toString(),
                    "--force"));
            if (result.exit() != 0) {
                if (result.notFound()) {
                    return java.util.Optional.empty();
                }
                output.err(result.output().stripTrailing());
                throw new SemContextFailure("Error with establishing connection with artifact server", 2);
            }
            return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    void put(String key, String value, String context, CallOutput output)
            throws SemContextFailure, IOException, InterruptedException {
        Path file = Files.createTempFile("outrider-sem-context-", "");
        try {
            Files.writeString(file, value, StandardCharsets.UTF_8);
            Result result = artifact.run(List.of("push", "workflow", file.toString(), "-d", ROOT + context + "/" + key,
                    "--force"));
            if (result.exit() != 0) {
                output.err(result.output().stripTrailing());
                throw new SemContextFailure("Cant execute artifacts push command to store key-value pair", 2);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        // stored again: no longer marked deleted
        yankQuietly(ROOT + context + "/.deleted/" + key, output);
    }

    void delete(String key, String context, CallOutput output)
            throws SemContextFailure, IOException, InterruptedException {
        yankQuietly(ROOT + context + "/" + key, output);
        // a parent pipeline's key cannot be deleted (other pipelines may use it): mark it deleted here
        Path file = Files.createTempFile("outrider-sem-context-", "");
        try {
            Result result = artifact.run(List.of("push", "workflow", file.toString(), "-d",
                    ROOT + context + "/.deleted/" + key, "--force"));
            if (result.exit() != 0) {
                output.err(result.output().stripTrailing());
                throw new SemContextFailure("Error with establishing connection with artifact server", 2);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** @return whether the context marks the key deleted */
    boolean deleted(String key, String context, CallOutput output) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("outrider-sem-context-");
        try {
            Result result = artifact.run(List.of("pull", "workflow", ROOT + context + "/.deleted/", "-d", dir.toString(),
                    "--force"));
            if (result.exit() != 0 && !result.notFound()) {
                output.err("error executing artifact command: exit status " + result.exit() + ". Output: "
                        + result.output().stripTrailing());
            }
            return Files.exists(dir.resolve(key));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
                for (Path path : all) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private void yankQuietly(String path, CallOutput output) throws IOException, InterruptedException {
        Result result = artifact.run(List.of("yank", "workflow", path));
        if (result.exit() != 0 && !result.notFound()) {
            output.err("error executing artifact command: exit status " + result.exit() + ". Output: "
                    + result.output().stripTrailing());
        }
    }
}
