package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/outrider.tar.gz unpacked into a new folder, as a new user or an autoscaled pod gets it: its first
 * `outrider start` maps the class-data-sharing archive the distribution was built with, and neither trains
 * one nor unpacks a plugin; an archive that does not fit is skipped quietly and replaced in the background.
 */
class UnpackedTarballIT {

    private static final Path TARBALL = Installation.HOME.resolveSibling("outrider.tar.gz");
    /** The JDK of the build, which the shipped archive was made with. */
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path folder;

    private Path home;
    private FakeControlPlane hub;
    private final List<Process> agents = new ArrayList<>();

    @BeforeEach
    void unpack() throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", TARBALL.toString(), "-C", folder.toString()).inheritIO().start();
        assertThat(tar.waitFor()).as("tar -xzf %s", TARBALL).isZero();
        home = folder.resolve("outrider");
        hub = FakeControlPlane.start();
        hub.addAgentType("unpacked", "token");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process agent : agents) {
            agent.destroyForcibly().waitFor();
        }
        awaitNoTraining();
        hub.close();
    }

    @Test
    void theFirstStartMapsTheShippedArchiveAndNeitherTrainsNorUnpacksAPlugin() throws Exception {
        List<String> shipped = files("lib", ".jsa");
        assertThat(shipped).as("the archive of start in the tarball's lib/").singleElement().asString()
                .startsWith("outrider-start-jdk");
        assertThat(files("plugins", ".zip")).as("plugin zips in the tarball").isEmpty();
        List<String> plugins = files("plugins", "");

        Path log = start("-Xlog:cds=info");

        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("Opened shared archive file " + home.resolve("lib").resolve(shipped.get(0)))
                .doesNotContain("An error has occurred while processing the shared archive");
        assertThat(files("lib", "")).as("lib/ besides the jars: nothing trained").containsExactlyElementsOf(shipped);
        assertThat(files("plugins", "")).as("plugins/: nothing unpacked").containsExactlyElementsOf(plugins);
    }

    @Test
    void aDamagedArchiveIsSkippedWithoutAWord() throws Exception {
        Path archive = home.resolve("lib").resolve(files("lib", ".jsa").get(0));
        FileTime modified = Files.getLastModifiedTime(archive);
        Files.write(archive, new byte[(int) Files.size(archive)]);
        Files.setLastModifiedTime(archive, modified);

        Path log = start("");

        assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("the agent's output")
                .doesNotContainIgnoringCase("shared archive").doesNotContain("[cds").doesNotContain("[aot");
    }

    @Test
    void withOtherJarsTheFirstStartTrainsAnArchiveInTheBackgroundThatTheNextStartMaps() throws Exception {
        String shipped = files("lib", ".jsa").get(0);
        Path jar = home.resolve("lib").resolve(files("lib", ".jar").get(0));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));

        start("");
        awaitNoTraining();
        agents.remove(0).destroyForcibly().waitFor();

        List<String> trained = files("lib", ".jsa");
        assertThat(trained).as("lib/ after the training run").singleElement().asString()
                .startsWith("outrider-start-jdk").isNotEqualTo(shipped);
        hub.close();
        hub = FakeControlPlane.start();
        hub.addAgentType("unpacked", "token");
        Path log = start("-Xlog:cds=info");
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("Opened shared archive file " + home.resolve("lib").resolve(trained.get(0)));
    }

    /** Starts the unpacked bin/outrider and waits for its first register request; returns its output file. */
    private Path start(String javaOptions) throws Exception {
        Path log = Files.createTempFile(folder, "agent-", ".log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/outrider").toString(), "start", "--endpoint",
                hub.endpoint(), "--token", "token", "--no-https").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(Map.of("OUTRIDER_JAVA", JAVA, "OUTRIDER_JAVA_OPTS", javaOptions));
        agents.add(builder.start());
        hub.await("a register request", h -> !h.requests(Endpoint.REGISTER).isEmpty(), Duration.ofSeconds(60));
        return log;
    }

    /** A training run in the background ends before its installation goes (its lock directory is gone). */
    private void awaitNoTraining() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!files("lib", ".lock").isEmpty()) {
            assertThat(Instant.now()).as("the training run ends within 5 minutes").isBefore(deadline);
            Thread.sleep(100); // polling a condition, with a deadline
        }
    }

    /** @return the names in a folder of the installation ending with the suffix, jars left out unless asked for */
    private List<String> files(String subfolder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(subfolder))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(suffix) && (suffix.equals(".jar") || !name.endsWith(".jar")))
                    .sorted().toList();
        }
    }
}
