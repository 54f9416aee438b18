package dev.outrider.kubernetes.dockertier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Outrider's container image, built by the distribution's image/build-image.sh from the distribution the
 * repository's build made (dist/target/outrider), and rebuilt only when that distribution is newer than
 * the image. Tests that need it are skipped, with the reason printed, when there is no built distribution.
 */
public final class OutriderImage {

    public static final String TAG = "outrider-dockertier:local";

    private OutriderImage() {
    }

    /** @return the built distribution: bin/outrider, lib/, plugins/ */
    public static Path distribution() {
        return DockerEngine.repositoryRoot().resolve("dist/target/outrider");
    }

    /** Skips the calling test, printing why, when there is no distribution to build the image from; else builds it if needed. */
    public static synchronized String assumeBuilt() throws Exception {
        Path dist = distribution();
        boolean built = Files.isExecutable(dist.resolve("bin/outrider"));
        if (!built) {
            System.out.println("SKIPPED the Outrider image tests: no built distribution at " + dist
                    + " (build it with './dev mvn -pl dist -am package -DskipTests')");
        }
        assumeTrue(built, () -> "no built distribution at " + dist);
        DockerCli docker = new DockerCli();
        DockerCli.Result created = docker.run("image", "inspect", "--format", "{{.Created}}", TAG);
        if (created.ok() && Instant.parse(created.out().strip()).isAfter(newest(dist))) {
            return TAG;
        }
        Process build = new ProcessBuilder(dist.resolve("image/build-image.sh").toString(), "--dist", dist.toString(), "--tag", TAG)
                .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (build.waitFor() != 0) {
            throw new AssertionError("image/build-image.sh failed:\n" + output);
        }
        return TAG;
    }

    /** @return whether the distribution has a plugin providing the kubernetes executor */
    public static boolean hasKubernetesExecutor() throws Exception {
        Process plugins = new ProcessBuilder(distribution().resolve("bin/outrider").toString(), "plugins")
                .redirectErrorStream(true).start();
        String output = new String(plugins.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        plugins.waitFor();
        return output.contains("provides executor kubernetes");
    }

    private static Instant newest(Path dist) throws IOException {
        try (Stream<Path> files = Stream.of("lib", "plugins", "bin").map(dist::resolve).flatMap(OutriderImage::walk)) {
            return files.map(OutriderImage::modified).max(Instant::compareTo).orElse(Instant.EPOCH);
        }
    }

    private static Stream<Path> walk(Path folder) {
        try {
            return Files.walk(folder, 1);
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static Instant modified(Path file) {
        try {
            FileTime time = Files.getLastModifiedTime(file);
            return time.toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
