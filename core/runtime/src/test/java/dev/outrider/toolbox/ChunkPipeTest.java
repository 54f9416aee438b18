package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {

    @Test
    void theReaderGetsEverythingTheWriterWroteInOrderThoughThePipeHoldsFewChunks() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2);
        byte[] data = new byte[1_000_003];
        new Random(9).nextBytes(data);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                OutputStream sink = pipe.sink();
                for (int at = 0; at < data.length; at += 4096) {
                    sink.write(data, at, Math.min(4096, data.length - at));
                }
                pipe.end();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        byte[] read = pipe.source().readAllBytes();

        writer.join();
        assertThat(read).isEqualTo(data);
    }

    @Test
    void theWritersFailureReachesTheReaderAfterTheChunksBeforeIt() throws Exception {
        ChunkPipe pipe = new ChunkPipe(4);
        pipe.sink().write(new byte[] {1, 2, 3});
        pipe.fail(new IOException("the store's connection reset"));
        InputStream source = pipe.source();

        assertThat(source.readNBytes(3)).containsExactly(1, 2, 3);
        assertThatThrownBy(source::read).isInstanceOf(IOException.class).hasMessage("the store's connection reset");
    }

    @Test
    void availableWaitsForTheNextChunkSoThatAnEndIsNotGuessedFromAPause() throws Exception {
        ChunkPipe pipe = new ChunkPipe(4);
        InputStream source = pipe.source();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                pipe.sink().write(new byte[] {7, 8});
                pipe.end();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(source.available()).isEqualTo(2);
        assertThat(source.readAllBytes()).containsExactly(7, 8);
        assertThat(source.available()).isZero();
        writer.join();
    }
}
