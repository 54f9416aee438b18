package dev.outrider.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The assembled distribution (dist/target/outrider) and a way to run its bin/outrider. */
final class Installation {

    static final Path HOME = Path.of(System.getProperty("outrider.dist", "target/outrider")).toAbsolutePath();

    private Installation() {
    }

    static Path launcher() {
        return HOME.resolve("bin/outrider");
    }

    /** @return the jar of lib/ whose name starts with the prefix */
    static Path library(String prefix) {
        try (Stream<Path> jars = Files.list(HOME.resolve("lib"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + HOME.resolve("lib")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the bundled plugin zips */
    static List<Path> bundledPlugins() {
        try (Stream<Path> files = Files.list(HOME.resolve("plugins"))) {
            return files.filter(f -> f.toString().endsWith(".zip")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code folder}, made if needed, with a copy of each bundled plugin zip */
    static Path copyBundledPlugins(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Path bundled : bundledPlugins()) {
            Files.copy(bundled, folder.resolve(bundled.getFileName()));
        }
        return folder;
    }

    /** Runs bin/outrider to its end. */
    static Result run(Path workingDirectory, String... args) throws IOException, InterruptedException {
        Process process = start(workingDirectory, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("outrider " + String.join(" ", args) + " did not end within 120 s");
        }
        return Result.of(process, workingDirectory);
    }

    /** Starts bin/outrider; its stdout and stderr go to files in the working directory. */
    static Process start(Path workingDirectory, String... args) throws IOException {
        return start(workingDirectory, java.util.Map.of(), args);
    }

    /** Starts bin/outrider with extra environment variables. */
    static Process start(Path workingDirectory, java.util.Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(workingDirectory.resolve("stdout.txt").toFile())
                .redirectError(workingDirectory.resolve("stderr.txt").toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** What a run of bin/outrider left. */
    record Result(int exitCode, String stdout, String stderr) {
        static Result of(Process process, Path workingDirectory) throws IOException {
            return new Result(process.exitValue(),
                    Files.readString(workingDirectory.resolve("stdout.txt"), StandardCharsets.UTF_8),
                    Files.readString(workingDirectory.resolve("stderr.txt"), StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
