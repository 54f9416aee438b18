package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First entries of archives that GNU tar makes, as the cache command's {@code tar czf} does. */
class TarFirstEntryTest {

    @TempDir
    Path folder;

    private Optional<String> firstEntryOf(String... tarArguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("tar", "czf", "archive.tgz"));
        command.addAll(List.of(tarArguments));
        Process tar = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String said = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).as(said).isTrue();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(folder.resolve("archive.tgz")))) {
            return TarFirstEntry.name(in);
        }
    }

    @Test
    void aRelativeFolderStartsWithItsOwnEntry() throws Exception {
        Files.createDirectories(folder.resolve("vendor/bundle"));
        Files.writeString(folder.resolve("vendor/bundle/gem.rb"), "x");

        assertThat(firstEntryOf("vendor/bundle")).hasValue("vendor/bundle/");
        assertThat(firstEntryOf("vendor/bundle/gem.rb")).hasValue("vendor/bundle/gem.rb");
    }

    @Test
    void anAbsolutePathKeepsItsLeadingSlashWithP() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));

        assertThat(firstEntryOf("-P", data.toString())).hasValue(data + "/");
    }

    @Test
    void longNamesComeFromGnuAndPaxExtensionHeaders() throws Exception {
        String deep = "a".repeat(90) + "/" + "b".repeat(90) + "/" + "c".repeat(120);
        Files.createDirectories(folder.resolve(deep));

        assertThat(firstEntryOf("--format=gnu", deep)).hasValue(deep + "/");
        assertThat(firstEntryOf("--format=pax", deep)).hasValue(deep + "/");
        String prefixed = "u".repeat(90) + "/" + "v".repeat(90);
        Files.createDirectories(folder.resolve(prefixed));
        assertThat(firstEntryOf("--format=ustar", prefixed)).as("ustar's name prefix").hasValue(prefixed + "/");
    }

    @Test
    void anEmptyArchiveOrSomethingElseHasNoFirstEntry() throws Exception {
        assertThat(TarFirstEntry.name(new ByteArrayInputStream(new byte[1024]))).isEmpty();
        byte[] text = "not a tar archive at all, just text that goes on and on ".repeat(20).getBytes();
        assertThat(TarFirstEntry.name(new ByteArrayInputStream(text))).isEmpty();
    }
}
