package dev.outrider.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginZipTest {

    /** Stored (not compressed), so that each entry's bytes can be found and damaged in the zip. */
    private static final Map<String, String> ENTRIES = new LinkedHashMap<>(Map.of(
            "plugin.properties", "plugin.id=sample\nplugin.version=1.0.0\n",
            "classes/META-INF/extensions.idx", "dev.example.SampleExecutorFactory\n",
            "lib/library.jar", "pretend this is a library of the plugin, with enough bytes to cut it anywhere"));

    @TempDir
    Path plugins;

    @Test
    void unpacksAWholeZipNextToItAndReusesTheFolderWhileTheZipIsUnchanged() throws Exception {
        Path zip = Files.write(plugins.resolve("sample.zip"), zip(ENTRIES, ZipEntry.STORED));

        Path folder = new PluginZip(zip).unpacked();

        assertThat(folder).isEqualTo(plugins.resolve("sample"));
        for (Map.Entry<String, String> entry : ENTRIES.entrySet()) {
            assertThat(folder.resolve(entry.getKey())).hasContent(entry.getValue());
        }
        Files.writeString(folder.resolve("written-by-the-plugin"), "kept");
        assertThat(new PluginZip(zip).unpacked().resolve("written-by-the-plugin")).exists();
        assertThat(hiddenLeftovers()).isEmpty();
    }

    @Test
    void aTruncatedZipFailsOnEveryStartAndLeavesNoFolder() throws Exception {
        byte[] whole = zip(ENTRIES, ZipEntry.DEFLATED);
        for (int length = 0; length < whole.length; length++) {
            Path zip = Files.write(plugins.resolve("sample.zip"), Arrays.copyOf(whole, length));
            for (int start = 1; start <= 2; start++) {
                assertThatThrownBy(() -> new PluginZip(zip).unpacked()).as("cut at %d, start %d", length, start)
                        .isInstanceOf(ZipException.class);
                assertThat(plugins.resolve("sample")).as("cut at %d, start %d", length, start).doesNotExist();
                assertThat(hiddenLeftovers()).isEmpty();
            }
        }
    }

    @Test
    void aZipWithADamagedByteInAnyEntryIsRefusedNamingTheEntry() throws Exception {
        byte[] whole = zip(ENTRIES, ZipEntry.STORED);
        for (Map.Entry<String, String> entry : ENTRIES.entrySet()) {
            int start = indexOf(whole, entry.getValue().getBytes(StandardCharsets.UTF_8));
            for (int i = start; i < start + entry.getValue().length(); i++) {
                byte[] damaged = whole.clone();
                damaged[i] ^= 0x20;
                Path zip = Files.write(plugins.resolve("sample.zip"), damaged);

                assertThatThrownBy(() -> new PluginZip(zip).unpacked()).as("byte %d", i)
                        .isInstanceOf(ZipException.class)
                        .hasMessageContaining("entry '" + entry.getKey() + "' is damaged");
                assertThat(plugins.resolve("sample")).doesNotExist();
            }
        }
        assertThat(hiddenLeftovers()).isEmpty();
    }

    @Test
    void aDamagedCompressedEntryIsRefused() throws Exception {
        String text = "compressible ".repeat(2000);
        byte[] whole = zip(Map.of("lib/big.txt", text), ZipEntry.DEFLATED);
        byte[] damaged = whole.clone();
        damaged[whole.length / 2] ^= 0x55; // inside the compressed data: the zip's directory is at the end
        Path zip = Files.write(plugins.resolve("sample.zip"), damaged);

        assertThatThrownBy(() -> new PluginZip(zip).unpacked()).isInstanceOf(ZipException.class)
                .hasMessageContaining("entry 'lib/big.txt' is damaged");
        assertThat(plugins.resolve("sample")).doesNotExist();
    }

    @Test
    void aFolderLeftHalfUnpackedIsReplacedOnceTheZipIsWhole() throws Exception {
        Files.createDirectories(plugins.resolve("sample/lib"));
        Files.writeString(plugins.resolve("sample/plugin.properties"), "plugin.id=sample\n");
        Path zip = Files.write(plugins.resolve("sample.zip"), zip(ENTRIES, ZipEntry.STORED));
        Files.setLastModifiedTime(zip, FileTime.fromMillis(Files.getLastModifiedTime(zip).toMillis() - 60_000));

        Path folder = new PluginZip(zip).unpacked();

        assertThat(folder.resolve("lib/library.jar")).hasContent(ENTRIES.get("lib/library.jar"));
        assertThat(hiddenLeftovers()).isEmpty();
    }

    @Test
    void aDamagedZipCopiedOverAGoodOneFailsOnEveryStart() throws Exception {
        Path zip = Files.write(plugins.resolve("sample.zip"), zip(ENTRIES, ZipEntry.STORED));
        new PluginZip(zip).unpacked();
        byte[] newer = zip(ENTRIES, ZipEntry.DEFLATED);
        Files.write(zip, Arrays.copyOf(newer, newer.length - 10));

        assertThatThrownBy(() -> new PluginZip(zip).unpacked()).isInstanceOf(ZipException.class);
        assertThatThrownBy(() -> new PluginZip(zip).unpacked()).isInstanceOf(ZipException.class);
    }

    @Test
    void refusesAnEntryThatWouldBeWrittenOutsideThePluginsFolder() throws Exception {
        Path zip = Files.write(plugins.resolve("sample.zip"), zip(Map.of("../escaped.txt", "x"), ZipEntry.STORED));

        assertThatThrownBy(() -> new PluginZip(zip).unpacked()).isInstanceOf(ZipException.class)
                .hasMessageContaining("outside the plugin's folder");
        assertThat(plugins.resolve("escaped.txt")).doesNotExist();
        assertThat(plugins.getParent().resolve("escaped.txt")).doesNotExist();
    }

    private List<Path> hiddenLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(plugins)) {
            return files.filter(path -> path.getFileName().toString().startsWith(".")).toList();
        }
    }

    static byte[] zip(Map<String, String> entries, int method) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    zipEntry.setSize(content.length);
                    zipEntry.setCrc(crc.getValue());
                }
                out.putNextEntry(zipEntry);
                out.write(content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
