package dev.outrider.kubernetes.dockertier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker engine and the local test images of {@code .ci/docker-env}. The first test that needs them
 * runs that script when the engine does not answer or the image is missing; a test is skipped (with the
 * reason printed) only when the engine cannot be started.
 */
public final class DockerEngine {

    private static final Path ENV_FILE = Path.of("/tmp/outrider-test-docker.env");
    private static String unavailable;
    private static boolean checked;

    private DockerEngine() {
    }

    /** Skips the calling test, printing why, when no Docker engine can run here. */
    public static synchronized void assumeAvailable() {
        if (!checked) {
            checked = true;
            unavailable = prepare();
            if (unavailable != null) {
                System.out.println("SKIPPED the Docker tier of the Kubernetes tests: " + unavailable);
            }
        }
        assumeTrue(unavailable == null, () -> "no Docker engine: " + unavailable);
    }

    /** @return the job image: bash, base64, sleep, whoami, id, cat, stty (busybox + static bash) */
    public static String image() {
        return names().getOrDefault("OUTRIDER_TEST_IMAGE", "outrider-test/bash:1");
    }

    /** @return an image only the private registry on 127.0.0.1 has, and the user and password it wants */
    public static List<String> privateImageAndLogin() {
        Map<String, String> names = names();
        return List.of(names.getOrDefault("OUTRIDER_TEST_PRIVATE_IMAGE", "127.0.0.1:5000/outrider/private-bash:1"),
                names.getOrDefault("OUTRIDER_TEST_REGISTRY_USER", "outrider"), names.getOrDefault("OUTRIDER_TEST_REGISTRY_PASSWORD", ""));
    }

    /** @return a new folder under java.io.tmpdir (created if needed) for volumes the containers mount */
    public static Path workFolder(String prefix) {
        try {
            Path shared = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            return Files.createTempDirectory(shared, prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a folder under java.io.tmpdir", e);
        }
    }

    private static String prepare() {
        DockerCli docker = new DockerCli();
        if (docker.run("info").ok() && docker.run("image", "inspect", image()).ok()) {
            return null;
        }
        Path script = repositoryRoot().resolve(".ci/docker-env");
        try {
            Process process = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                return script + " failed: " + output.strip();
            }
        } catch (IOException e) {
            return "cannot run " + script + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running " + script;
        }
        return docker.run("info").ok() ? null : "'docker info' still fails after " + script;
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path folder = here; folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve(".ci/docker-env"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no .ci/docker-env in " + here + " or above: run the tests from the repository");
    }

    private static Map<String, String> names() {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(ENV_FILE)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            // the defaults are the names the script uses
        }
        return values;
    }
}
