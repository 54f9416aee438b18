package dev.outrider.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.unix.UnixPtyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PtyReaderTest {

    private PtyProcess process;

    @AfterEach
    void killProcess() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private PtyReader start(String script) throws IOException {
        process = new PtyProcessBuilder(new String[] {"bash", "-c", script}).setEnvironment(Map.of("PATH",
                System.getenv("PATH"))).setConsole(false).setRedirectErrorStream(true).start();
        return PtyReader.of(process).orElseThrow();
    }

    private static String readAll(PtyReader reader) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n = reader.read(buffer, 0, buffer.length); n >= 0; n = reader.read(buffer, 0, buffer.length)) {
            all.write(buffer, 0, n);
        }
        return all.toString(UTF_8);
    }

    @Test
    void readsEverythingTheTerminalPrintsUntilItsEnd() throws Exception {
        PtyReader reader = start("printf 'one\\ntwo\\n'; head -c 300000 /dev/zero | tr '\\0' x");

        String read = readAll(reader);

        assertThat(read).startsWith("one\r\ntwo\r\n").hasSize(10 + 300_000);
        assertThat(read.substring(10)).containsOnlyOnce("x".repeat(300_000));
    }

    @Test
    void tellsWhetherTheTerminalTranslatesNewlinesAsTheJobChangesIt() throws Exception {
        PtyReader reader = start("sleep 30");
        String terminal = ((UnixPtyProcess) process).getPty().getSlaveName();

        boolean atStart = reader.translatesNewlines();
        assertThat(new ProcessBuilder("stty", "-F", terminal, "-opost").inheritIO().start().waitFor()).isZero();
        boolean withoutOutputProcessing = reader.translatesNewlines();
        assertThat(new ProcessBuilder("stty", "-F", terminal, "opost", "-onlcr").inheritIO().start().waitFor()).isZero();
        boolean withoutNewlineTranslation = reader.translatesNewlines();

        assertThat(atStart).as("a new terminal").isTrue();
        assertThat(withoutOutputProcessing).as("after stty -opost").isFalse();
        assertThat(withoutNewlineTranslation).as("after stty -onlcr").isFalse();
    }

    @Test
    void aClosedReaderStopsWhileTheTerminalStaysOpen() throws Exception {
        PtyReader reader = start("sleep 30");
        CompletableFuture<String> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return readAll(reader);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        reader.close();

        assertThat(reading.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(process.isAlive()).as("the job's shell is not the reader's to end").isTrue();
    }
}
