package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompleteArchiveStreamTest {

    private static byte[] archive(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static byte[] withTrailer(byte[] data) {
        byte[] all = Arrays.copyOf(data, data.length + CompleteArchiveStream.TRAILER.length);
        System.arraycopy(CompleteArchiveStream.TRAILER, 0, all, data.length, CompleteArchiveStream.TRAILER.length);
        return all;
    }

    @Test
    void passesACompleteArchiveThroughWithoutTheTrailer() throws IOException {
        for (int size : new int[] {0, 1, 26, 27, 65_536, 65_537, 300_001}) {
            byte[] data = archive(size);
            byte[] read = new CompleteArchiveStream(new ByteArrayInputStream(withTrailer(data))).readAllBytes();
            assertThat(read).as("archive of %d bytes", size).isEqualTo(data);
        }
    }

    @Test
    void worksWhateverTheSizeOfTheReadsOnBothSides() throws IOException {
        byte[] data = archive(100_000);
        InputStream trickle = new ByteArrayInputStream(withTrailer(data)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        CompleteArchiveStream stream = new CompleteArchiveStream(trickle);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = stream.read()) >= 0) {
            out.write(b);
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void anArchiveWithoutTheTrailerEndsInAnError() {
        byte[] data = archive(200_000);
        CompleteArchiveStream stream = new CompleteArchiveStream(new ByteArrayInputStream(data));

        assertThatThrownBy(stream::readAllBytes).isInstanceOf(IOException.class)
                .hasMessage("the archive is incomplete: making it failed in the job, so it is not stored");
    }

    @Test
    void aCutTrailerIsNoTrailer() {
        byte[] cut = Arrays.copyOf(withTrailer(archive(1000)), 1000 + CompleteArchiveStream.TRAILER.length - 1);

        assertThatThrownBy(() -> new CompleteArchiveStream(new ByteArrayInputStream(cut)).readAllBytes())
                .isInstanceOf(IOException.class);
    }
}
