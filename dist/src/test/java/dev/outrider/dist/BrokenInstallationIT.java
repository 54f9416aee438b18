package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation an operator broke (an interrupted copy, a second copy of a plugin, a wrong plugins folder)
 * or a configuration that cannot work: the agent says what is wrong and does not register.
 */
class BrokenInstallationIT {

    @TempDir
    Path work;

    private Path bundledPlugins() throws IOException {
        return Installation.copyBundledPlugins(work.resolve("plugins"));
    }

    private static Path shellZip(Path plugins) throws IOException {
        try (var files = Files.list(plugins)) {
            return files.filter(f -> f.getFileName().toString().contains("shell")).findFirst().orElseThrow();
        }
    }

    private Result start(Path plugins, String yaml) throws Exception {
        Path config = Files.writeString(work.resolve("outrider.yml"), "endpoint: 127.0.0.1:9\ntoken: t\nno-https: true\n"
                + (plugins == null ? "" : "plugins-dir: " + plugins + "\n") + yaml);
        return Installation.run(work, "start", "--config-file", config.toString());
    }

    @Test
    void aTruncatedShellZipIsReportedOnEveryStartAndNeverLoaded() throws Exception {
        Path plugins = bundledPlugins();
        Path shell = shellZip(plugins);
        byte[] whole = Files.readAllBytes(shell);
        Files.write(shell, Arrays.copyOf(whole, whole.length / 2));
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'echo hi'}]\n");

        for (int attempt = 1; attempt <= 2; attempt++) {
            Result list = Installation.run(work, "plugins", "--plugins-dir", plugins.toString());
            assertThat(list.exitCode()).as(list.toString()).isEqualTo(1);
            assertThat(list.stdout()).contains("Failed to load:", shell.getFileName() + "' (" + shell + "): the zip is damaged")
                    .doesNotContain("provides executor shell");

            Result run = Installation.run(work, "run", "--plugins-dir", plugins.toString(), job.toString());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.stderr()).contains("no executor 'shell'; installed: docker", "plugins folder: " + plugins,
                    "the zip is damaged").doesNotContain("NoClassDefFoundError");

            Result start = start(plugins, "executor: auto\n");
            assertThat(start.exitCode()).as(start.toString()).isEqualTo(2);
            assertThat(start.stderr()).contains("agent type 'agent': executor 'shell'", "plugins folder: " + plugins);
        }
    }

    @Test
    void twoPluginsProvidingShellAreFlaggedAndStartRefusesThem() throws Exception {
        Path plugins = bundledPlugins();
        Path shell = shellZip(plugins);
        copyWithAnotherId(shell, plugins.resolve("second-shell.zip"), "second-shell");

        Result list = Installation.run(work, "plugins", "--plugins-dir", plugins.toString());
        assertThat(list.exitCode()).as(list.toString()).isEqualTo(1);
        assertThat(list.stdout()).contains("Provided twice:", "executor 'shell' is provided by ", "second-shell");

        Result start = start(plugins, "");
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(2);
        assertThat(start.stderr()).contains("agent type 'agent': executor 'shell'", "two plugins provide the executor 'shell'");
    }

    @Test
    void startRefusesAPluginsFolderWithoutTheExecutor() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        for (String pluginsDir : new String[] {empty.toString(), work.resolve("nowhere").toString(), "5"}) {
            Result start = start(null, "plugins-dir: " + pluginsDir + "\n");
            assertThat(start.exitCode()).as(start.toString()).isEqualTo(2);
            assertThat(start.stderr()).as(pluginsDir).contains("agent type 'agent': executor 'shell'", "installed: none",
                    "plugins folder: ");
        }
        Result docker = start(empty, "executor: docker\n");
        assertThat(docker.exitCode()).as(docker.toString()).isEqualTo(2);
        assertThat(docker.stderr()).contains("agent type 'agent': executor 'docker'", "plugins folder: " + empty);
    }

    @Test
    void startRefusesAConfigurationThatCannotWorkWithTwoNamingTheKey() throws Exception {
        StringBuilder bomb = new StringBuilder("x0: &x0 [a, b, c, d, e, f, g, h, i, j]\n");
        for (int level = 1; level <= 7; level++) {
            bomb.append("x").append(level).append(": &x").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*x" + (level - 1)))).append("]\n");
        }
        Path bombFile = Files.writeString(work.resolve("bomb.yml"), bomb.toString());
        Result alias = Installation.run(work, "start", "--config-file", bombFile.toString());
        assertThat(alias.exitCode()).as(alias.toString()).isEqualTo(2);
        assertThat(alias.stderr()).contains(bombFile + ": ", "alias");

        Result count = start(bundledPlugins(), "count: 2147483647\n");
        assertThat(count.exitCode()).as(count.toString()).isEqualTo(2);
        assertThat(count.stderr()).contains("'count': '2147483647' is too large; use 1 to 100");

        Result name = start(null, "name: short\n");
        assertThat(name.exitCode()).as(name.toString()).isEqualTo(2);
        assertThat(name.stderr()).contains("'name': 'short' must be 8 to 80 bytes long");
    }

    /** A copy of a plugin zip under another plugin id, as a second build of one plugin would be. */
    private static void copyWithAnotherId(Path zip, Path copy, String id) throws IOException {
        try (ZipFile in = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream content = in.getInputStream(entry)) {
                    if (entry.getName().equals("plugin.properties")) {
                        String properties = new String(content.readAllBytes(), StandardCharsets.UTF_8)
                                .replaceAll("(?m)^plugin\\.id=.*$", "plugin.id=" + id);
                        out.write(properties.getBytes(StandardCharsets.UTF_8));
                    } else {
                        content.transferTo((OutputStream) out);
                    }
                }
                out.closeEntry();
            }
        }
    }
}
