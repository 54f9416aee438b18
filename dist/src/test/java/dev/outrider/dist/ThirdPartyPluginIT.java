package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.PluginZipBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin written by someone else, compiled here against the SPI alone, dropped into a plugins
 * folder and used by the installed Outrider without rebuilding it.
 */
class ThirdPartyPluginIT {

    private static final Path SOURCES = Path.of(System.getProperty("outrider.sample-plugin.sources",
            "src/test/sample-plugin"));

    @TempDir
    Path work;

    private Path pluginsFolder() throws Exception {
        Path plugins = Installation.copyBundledPlugins(work.resolve("plugins"));
        PluginZipBuilder.plugin("tsv-sink").version("1.2.3").description("A sink from outside")
                .sources(SOURCES)
                .compileAgainst(List.of(Installation.library("outrider-spi-"), Installation.library("pf4j-"),
                        Installation.library("jakarta.inject-api-"), Installation.library("slf4j-api-")))
                .build(plugins);
        return plugins;
    }

    @Test
    void droppedInLogSinkReceivesEveryEventOfTheJob() throws Exception {
        Path plugins = pluginsFolder();
        Path tsv = work.resolve("events.tsv");
        Path config = Files.writeString(work.resolve("outrider.yml"),
                "log-sinks:\n  - type: tsv-file\n    options: {path: " + tsv + "}\n");
        Path job = Files.writeString(work.resolve("job.yml"), """
                commands:
                  - directive: echo one
                  - directive: echo two
                """);
        Result result = Installation.run(work, "run", "--plugins-dir", plugins.toString(), "--config",
                config.toString(), "--log-file", "events.ndjson", job.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();

        List<String> events = Files.readAllLines(work.resolve("events.ndjson"));
        List<String> lines = Files.readAllLines(tsv);
        assertThat(lines.get(0)).startsWith("# written by tsv-file for outrider 0.");
        assertThat(lines.subList(1, lines.size())).hasSameSizeAs(events).containsExactly(
                "0\tjob_started\t",
                "1\tcmd_started\tExporting environment variables",
                "2\tcmd_finished\tExporting environment variables\t0",
                "3\tcmd_started\tInjecting Files",
                "4\tcmd_finished\tInjecting Files\t0",
                "5\tcmd_started\techo one",
                "6\tcmd_output\tone\\n",
                "7\tcmd_finished\techo one\t0",
                "8\tcmd_started\techo two",
                "9\tcmd_output\ttwo\\n",
                "10\tcmd_finished\techo two\t0",
                "11\tcmd_started\tExporting environment variables",
                "12\tcmd_output\tExporting SEMAPHORE_JOB_RESULT\\n",
                "13\tcmd_finished\tExporting environment variables\t0",
                "14\tjob_finished\tpassed");
    }

    @Test
    void pluginShippedAsAPlainJarWorksToo() throws Exception {
        Path plugins = Installation.copyBundledPlugins(work.resolve("jar-plugins"));
        Path jar = PluginZipBuilder.plugin("tsv-sink-jar").version("2.0.0").sources(SOURCES)
                .compileAgainst(List.of(Installation.library("outrider-spi-"), Installation.library("pf4j-"),
                        Installation.library("jakarta.inject-api-"), Installation.library("slf4j-api-")))
                .buildJar(plugins);
        assertThat(jar.getFileName().toString()).endsWith(".jar");
        Path tsv = work.resolve("jar.tsv");
        Path config = Files.writeString(work.resolve("jar.yml"),
                "log-sinks:\n  - type: tsv-file\n    options: {path: " + tsv + "}\n");
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'echo from a jar'}]\n");
        Result result = Installation.run(work, "run", "--plugins-dir", plugins.toString(), "--config",
                config.toString(), job.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readAllLines(tsv)).contains("6\tcmd_output\tfrom a jar\\n").last()
                .isEqualTo("11\tjob_finished\tpassed");
    }

    @Test
    void pluginsCommandShowsTheThirdPartyPluginAndWhatItProvides() throws Exception {
        Path plugins = pluginsFolder();
        Result result = Installation.run(work, "plugins", "--plugins-dir", plugins.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("tsv-sink 1.2.3 - A sink from outside").contains("provides log-sink tsv-file")
                .contains("provides executor shell");
    }

    @Test
    void brokenPluginIsReportedByFileNameAndTheOthersStillWork() throws Exception {
        Path plugins = pluginsFolder();
        Files.writeString(plugins.resolve("garbage-1.0.zip"), "this is not a zip");
        Path noDescriptor = Files.createDirectories(plugins.resolve("no-descriptor"));
        Files.writeString(noDescriptor.resolve("README"), "a folder without plugin.properties");
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'echo still works'}]\n");

        Result run = Installation.run(work, "run", "--plugins-dir", plugins.toString(), job.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("still works");
        assertThat(run.stderr()).contains("garbage-1.0.zip").contains("no-descriptor");

        Result list = Installation.run(work, "plugins", "--plugins-dir", plugins.toString());
        assertThat(list.exitCode()).as("failures make `plugins` exit 1").isEqualTo(1);
        assertThat(list.stdout()).contains("Failed to load:").contains("garbage-1.0.zip").contains("no-descriptor")
                .contains("provides log-sink tsv-file");
    }

    @Test
    void missingPluginsFolderSaysWhereItLooked() throws Exception {
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'true'}]\n");
        Result result = Installation.run(work, "run", "--plugins-dir", work.resolve("nowhere").toString(), job.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("nowhere").contains("no executor 'shell'");
    }
}
