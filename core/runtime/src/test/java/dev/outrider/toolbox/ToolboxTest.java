package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.config.JobSettings.CacheSettings;
import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackendFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' toolbox channel over real HTTP, with curl as the {@code cache} command uses it, in front of
 * an in-memory backend that can also fail half-way through a restore (which no real store does on
 * demand).
 */
class ToolboxTest {

    private static final Map<String, byte[]> STORED = new ConcurrentHashMap<>();
    private static final String CUT_KEY = "cut-half-way";
    private static final String FAILING_STORE_KEY = "store-fails-half-way";
    private static final String UNSIZED = "unsized-";

    @TempDir
    Path folder;

    private final Toolbox toolbox = new Toolbox(name -> {
        if (!name.equals("memory")) {
            throw new IllegalArgumentException("no cache backend '" + name + "'");
        }
        return new MemoryBackends();
    });

    @AfterEach
    void stop() {
        toolbox.close();
        STORED.clear();
    }

    private record Curl(int exit, String out, String err) {
    }

    private Curl curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Curl(process.exitValue(), out, err);
    }

    private static Map<String, String> channel(Toolbox.Channel channel) {
        return channel.environment(Map.of());
    }

    private static String url(Map<String, String> channel, String operation, String key) {
        return channel.get("OUTRIDER_TOOLBOX_URL") + "/cache/" + operation + "?SEMAPHORE_PROJECT_ID=p1&key=" + key;
    }

    private static String bearer(Map<String, String> channel) {
        return "Authorization: Bearer " + channel.get("OUTRIDER_TOOLBOX_TOKEN");
    }

    @Test
    void anArchiveGoesUpWithItsTrailerAndComesBackWithItsLengthAndIntact() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        byte[] archive = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(archive);
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        upload.write(archive);
        upload.write(CompleteArchiveStream.TRAILER);
        Files.write(folder.resolve("upload"), upload.toByteArray());

        Curl stored = curl("-X", "PUT", "-T", "upload", "-H", bearer(channel), url(channel, "store", "k1"));
        Curl restored = curl("-D", "headers", "-o", "restored", "-H", bearer(channel), url(channel, "archive", "k1"));

        assertThat(stored.exit()).isZero();
        assertThat(stored.out()).isEqualTo(archive.length + "\n");
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("restored"))).isEqualTo(archive);
        assertThat(Files.readString(folder.resolve("headers")).toLowerCase())
                .contains("content-length: " + archive.length + "\r\n").doesNotContain("transfer-encoding");
    }

    @Test
    void anArchiveOfABackendThatCannotTellSizesComesBackIntactWithoutALength() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        byte[] archive = new byte[1024 * 1024 + 3];
        new Random(11).nextBytes(archive);
        STORED.put(UNSIZED + "k", archive);

        Curl restored = curl("-D", "headers", "-o", "restored", "-H", bearer(channel), url(channel, "archive", UNSIZED + "k"));
        Curl missing = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", bearer(channel),
                url(channel, "archive", UNSIZED + "absent"));

        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("restored"))).isEqualTo(archive);
        assertThat(Files.readString(folder.resolve("headers")).toLowerCase()).contains("transfer-encoding: chunked");
        assertThat(missing.out()).isEqualTo("404");
    }

    @Test
    void aRestoreTheStoreCutsShortFailsTheDownloadInsteadOfEndingItEarly() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        STORED.put(CUT_KEY, new byte[2 * 1024 * 1024]);

        Curl restored = curl("-o", "restored", "-H", bearer(channel), url(channel, "archive", CUT_KEY));

        assertThat(restored.exit()).as("curl's exit code for a partial file").isEqualTo(18);
        assertThat(Files.size(folder.resolve("restored"))).isLessThan(2 * 1024 * 1024);
    }

    @Test
    void aStoreThatFailsHalfWayAnswersTheUploadWithTheStoresError() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        byte[] archive = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(archive);
        Files.write(folder.resolve("upload"), archive);

        Curl stored = curl("-X", "PUT", "-T", "upload", "-w", "%{http_code}", "-H", bearer(channel),
                url(channel, "store", FAILING_STORE_KEY));

        assertThat(stored.out()).isEqualTo("the store refused part 2\n500");
        assertThat(STORED).doesNotContainKey(FAILING_STORE_KEY);
    }

    /** A tar of a text file and a random one, made by the system's tar. */
    private byte[] tarOfFiles() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.writeString(data.resolve("text.txt"), "cached line\n".repeat(200_000));
        byte[] random = new byte[2 * 1024 * 1024 + 5];
        new Random(5).nextBytes(random);
        Files.write(data.resolve("random.bin"), random);
        Process tar = new ProcessBuilder("tar", "cf", "-", "data").directory(folder.toFile()).start();
        byte[] bytes = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        return bytes;
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aTarIsStoredAsAStandardTarGzThatGzipReadsAndComesBackAsTheSameTar() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        byte[] tar = tarOfFiles();
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        upload.write(tar);
        upload.write(CompleteArchiveStream.TRAILER);
        Files.write(folder.resolve("upload"), upload.toByteArray());

        Curl stored = curl("-X", "PUT", "-T", "upload", "-H", bearer(channel), "-H", "Content-Type: application/x-tar",
                url(channel, "store", "k1"));
        Curl restored = curl("-D", "headers", "-o", "restored", "-H", bearer(channel), url(channel, "archive", "k1")
                + "&form=tar");

        assertThat(stored.exit()).as(stored.err()).isZero();
        byte[] archive = STORED.get("k1");
        assertThat(stored.out()).isEqualTo(archive.length + "\n");
        assertThat(archive.length).isLessThan(tar.length * 3 / 4);
        assertThat(gunzip(archive)).isEqualTo(tar);
        Files.write(folder.resolve("k1.tar.gz"), archive);
        Process gzipTest = new ProcessBuilder("gzip", "-t", "k1.tar.gz").directory(folder.toFile()).start();
        assertThat(gzipTest.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gzipTest.exitValue()).as("gzip -t").isZero();
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("restored"))).isEqualTo(tar);
        assertThat(Files.readString(folder.resolve("headers")).toLowerCase()).contains("content-type: application/x-tar");
    }

    @Test
    void archivesOfEarlierVersionsAndOfSeveralGzipMembersComeBackAsTheirTar() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        byte[] tar = tarOfFiles();
        // as `tar czf` made them before: one gzip member, from the system's gzip
        Files.write(folder.resolve("old.tar"), tar);
        Process gzip = new ProcessBuilder("gzip", "-6", "old.tar").directory(folder.toFile()).start();
        assertThat(gzip.waitFor(60, TimeUnit.SECONDS)).isTrue();
        STORED.put("old", Files.readAllBytes(folder.resolve("old.tar.gz")));
        // gzip members one after another, as some tools write them
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        int half = tar.length / 2;
        for (byte[] part : List.of(Arrays.copyOfRange(tar, 0, half), Arrays.copyOfRange(tar, half, tar.length))) {
            try (GZIPOutputStream member = new GZIPOutputStream(members) {
                @Override
                public void close() throws IOException {
                    finish(); // the next member follows in the same stream
                }
            }) {
                member.write(part);
            }
        }
        STORED.put("members", members.toByteArray());

        Curl old = curl("-o", "old-restored", "-H", bearer(channel), url(channel, "archive", "old") + "&form=tar");
        Curl several = curl("-o", "members-restored", "-H", bearer(channel), url(channel, "archive", "members") + "&form=tar");

        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("old-restored"))).isEqualTo(tar);
        assertThat(several.exit()).as(several.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("members-restored"))).isEqualTo(tar);
    }

    @Test
    void aTarRestoreOfAnArchiveCutShortOrCorruptFailsTheDownload() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(tarOfFiles());
        }
        STORED.put(CUT_KEY, gzip.toByteArray());
        byte[] corrupt = gzip.toByteArray();
        corrupt[corrupt.length - 6] ^= 1; // the CRC
        STORED.put("corrupt", corrupt);

        Curl cut = curl("-sS", "--fail", "-o", "restored", "-H", bearer(channel), url(channel, "archive", CUT_KEY) + "&form=tar");
        Curl wrong = curl("-sS", "--fail", "-o", "restored", "-H", bearer(channel), url(channel, "archive", "corrupt") + "&form=tar");
        Curl missing = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", bearer(channel),
                url(channel, "archive", "absent") + "&form=tar");

        assertThat(cut.exit()).as("curl's exit code for a download cut short").isEqualTo(18);
        assertThat(wrong.exit()).as("curl's exit code for a download cut short").isEqualTo(18);
        assertThat(missing.out()).isEqualTo("404");
    }

    @Test
    void toHttp10TheTarGoesInOneBodyAndTheOutcomeTellsWhetherItWasWhole() throws Exception {
        var channel = channel(toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of()))));
        byte[] tar = tarOfFiles();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(tar);
        }
        STORED.put("whole", gzip.toByteArray());
        STORED.put(CUT_KEY, gzip.toByteArray());

        Curl whole = curl("--http1.0", "-D", "headers", "-o", "restored", "-H", bearer(channel),
                url(channel, "archive", "whole") + "&form=tar&transfer=t1");
        Curl wholeOutcome = curl("-w", "%{http_code}", "-H", bearer(channel), url(channel, "outcome", "") + "&transfer=t1");
        Curl cut = curl("--http1.0", "-o", "cut", "-H", bearer(channel), url(channel, "archive", CUT_KEY)
                + "&form=tar&transfer=t2");
        Curl cutOutcome = curl("-w", "%{http_code}", "-H", bearer(channel), url(channel, "outcome", "") + "&transfer=t2");
        Curl askedAgain = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", bearer(channel),
                url(channel, "outcome", "") + "&transfer=t2");

        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("restored"))).isEqualTo(tar);
        assertThat(Files.readString(folder.resolve("headers")).toLowerCase()).doesNotContain("transfer-encoding")
                .doesNotContain("content-length");
        assertThat(wholeOutcome.out()).isEqualTo("200");
        assertThat(Files.size(folder.resolve("cut"))).as(cut.err()).isLessThan(tar.length);
        assertThat(cutOutcome.out()).startsWith("the archive of key '" + CUT_KEY + "' could not be read whole: ")
                .endsWith("500");
        assertThat(askedAgain.out()).isEqualTo("404");
    }

    @Test
    void aTokenWorksOnlyForItsOwnChannelAndOnlyWhileItIsOpen() throws Exception {
        Toolbox.Channel first = toolbox.open("job-1", Optional.of(new CacheSettings("memory", Map.of())));
        var second = channel(toolbox.open("job-2", Optional.of(new CacheSettings("memory", Map.of()))));
        var firstEnvironment = channel(first);
        String hasKey = url(firstEnvironment, "has", "k1");

        Curl open = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", bearer(firstEnvironment), hasKey);
        Curl guessed = curl("-w", "%{http_code}", "-H", "Authorization: Bearer 0123456789abcdef", hasKey);
        first.close();
        Curl closed = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", bearer(firstEnvironment), hasKey);
        Curl other = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", bearer(second), hasKey);

        assertThat(open.out()).isEqualTo("404");
        assertThat(guessed.out()).startsWith("this job's toolbox channel is closed, or the token is not this job's")
                .endsWith("401");
        assertThat(closed.out()).isEqualTo("401");
        assertThat(other.out()).as("the other job's channel is still open").isEqualTo("404");
    }

    /** Archives in memory; restoring {@link #CUT_KEY} fails after half of it. */
    private static final class MemoryBackends implements CacheBackendFactory {
        @Override
        public String name() {
            return "memory";
        }

        @Override
        public String description() {
            return "archives in the test's memory";
        }

        @Override
        public CacheBackend create(Map<String, Object> options) {
            return new CacheBackend() {
                @Override
                public boolean has(String key) {
                    return STORED.containsKey(key);
                }

                @Override
                public OptionalLong size(String key) {
                    byte[] data = STORED.get(key);
                    // a backend that cannot tell sizes keeps the SPI's default
                    return data == null || key.startsWith(UNSIZED) ? OptionalLong.empty() : OptionalLong.of(data.length);
                }

                @Override
                public boolean store(String key, InputStream data) throws IOException {
                    if (key.equals(FAILING_STORE_KEY)) {
                        data.readNBytes(1024 * 1024);
                        throw new IOException("the store refused part 2");
                    }
                    byte[] bytes = data.readAllBytes();
                    return STORED.putIfAbsent(key, bytes) == null;
                }

                @Override
                public boolean restore(String key, OutputStream target) throws IOException {
                    byte[] data = STORED.get(key);
                    if (data == null) {
                        return false;
                    }
                    if (key.equals(CUT_KEY)) {
                        target.write(data, 0, data.length / 2);
                        target.flush();
                        throw new IOException("the store's connection reset");
                    }
                    target.write(data);
                    return true;
                }

                @Override
                public List<Entry> list() {
                    return List.of();
                }

                @Override
                public boolean delete(String key) {
                    return STORED.remove(key) != null;
                }

                @Override
                public void clear() {
                    STORED.clear();
                }

                @Override
                public Usage usage() {
                    return new Usage(0, Optional.empty());
                }
            };
        }
    }
}
