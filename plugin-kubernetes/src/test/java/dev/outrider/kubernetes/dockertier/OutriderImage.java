package dev.outrider.kubernetes.dockertier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Outrider's container image, built by the distribution's image/build-image.sh from a built distribution
 * (the {@code outrider.dist} system property, which the distribution's end-to-end tests set, else
 * dist/target/outrider of the repository), and rebuilt only when that distribution is newer than the image.
 */
public final class OutriderImage {

    public static final String TAG = "outrider-dockertier:local";

    private OutriderImage() {
    }

    /** @return the built distribution: bin/outrider, lib/, plugins/, image/ */
    public static Path distribution() {
        String configured = System.getProperty("outrider.dist");
        return configured != null ? Path.of(configured).toAbsolutePath()
                : DockerEngine.repositoryRoot().resolve("dist/target/outrider");
    }

    /** @return the image's tag, after building it if the distribution is newer; fails without a distribution */
    public static synchronized String build() throws Exception {
        Path dist = distribution();
        if (!Files.isExecutable(dist.resolve("bin/outrider"))) {
            throw new AssertionError("no built distribution at " + dist + " (build it with './dev mvn -pl dist -am package "
                    + "-DskipTests'; the distribution's end-to-end tests run after it is packaged)");
        }
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
