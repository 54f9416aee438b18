package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipTest {

    @TempDir
    Path folder;

    /** Random bytes and text by turns, so that both stored and compressed blocks occur. */
    private static byte[] mixed(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        byte[] line = "a line of text as logs and sources have, 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        while (at < size) {
            int run = Math.min(size - at, 1 + random.nextInt(ParallelGzip.BLOCK * 2));
            if (random.nextBoolean()) {
                byte[] noise = new byte[run];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, data, at, run);
            } else {
                for (int i = 0; i < run; i++) {
                    data[at + i] = line[i % line.length];
                }
            }
            at += run;
        }
        return data;
    }

    private static byte[] compress(byte[] data, int threads) throws IOException {
        try (InputStream gzip = new ParallelGzip(new ByteArrayInputStream(data), 6, threads)) {
            return gzip.readAllBytes();
        }
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @Test
    void makesOneGzipMemberThatDecompressesToTheInputWhateverItsSize() throws IOException {
        int block = ParallelGzip.BLOCK;
        for (int size : new int[] {0, 1, 32 * 1024 - 1, block - 1, block, block + 1, 5 * block + 12_345}) {
            byte[] data = mixed(size, size);
            byte[] gzip = compress(data, 3);
            assertThat(gunzip(gzip)).as("%d bytes", size).isEqualTo(data);
            // one member: the data's CRC and length close the stream
            assertThat(gzip).as("%d bytes", size).startsWith(0x1f, 0x8b, 8);
        }
    }

    @Test
    void theSystemsGzipAndTarReadWhatItMakes() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.write(data.resolve("mixed.bin"), mixed(3 * ParallelGzip.BLOCK + 777, 5));
        Files.writeString(data.resolve("text.txt"), "hello\n".repeat(100_000));
        byte[] tar = run(folder, "tar", "cf", "-", "data");
        Path archive = folder.resolve("data.tar.gz");
        Files.write(archive, compress(tar, 2));

        run(folder, "gzip", "-t", archive.toString());
        assertThat(run(folder, "gzip", "-dc", archive.toString())).isEqualTo(tar);
        Path unpacked = Files.createDirectories(folder.resolve("unpacked"));
        run(unpacked, "tar", "xzf", archive.toString());
        assertThat(Files.readAllBytes(unpacked.resolve("data/mixed.bin"))).isEqualTo(Files.readAllBytes(data.resolve("mixed.bin")));
        assertThat(Files.readString(unpacked.resolve("data/text.txt"))).isEqualTo("hello\n".repeat(100_000));
    }

    @Test
    void storesWhatDoesNotCompressAndShrinksWhatDoes() throws IOException {
        byte[] random = new byte[4 * ParallelGzip.BLOCK];
        new Random(1).nextBytes(random);
        byte[] text = "the same words again and again\n".repeat(40_000).getBytes(StandardCharsets.US_ASCII);

        assertThat(compress(random, 2).length).isBetween(random.length, random.length + random.length / 100);
        assertThat(compress(text, 2).length).isLessThan(text.length / 50);
    }

    @Test
    void aFailureReadingTheInputIsThrownToTheReader() {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(mixed(3 * ParallelGzip.BLOCK, 2)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the archive is incomplete");
                    }
                });
        ParallelGzip gzip = new ParallelGzip(failing, 6, 2);

        assertThatThrownBy(gzip::readAllBytes).isInstanceOf(IOException.class).hasMessage("the archive is incomplete");
    }

    private static byte[] run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return out.toByteArray();
    }
}
