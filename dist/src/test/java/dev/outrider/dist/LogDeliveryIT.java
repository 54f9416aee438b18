package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.OutputTally;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's memory stays bounded by design while a job prints as fast as it can: with a 96 MiB heap, every
 * byte of a big output arrives (backpressure from the spool, the uploader and the bus to the terminal reader).
 * 200 MB by default, so that the test takes well under a minute on a busy 2-core machine (300 MB took 40 s at a
 * load of 15); -Doutrider.it.fastLogMb=2000 for the full 2 GB.
 */
class LogDeliveryIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-log-delivery";
    private static final long MEGABYTES = Long.getLong("outrider.it.fastLogMb", 200);
    private static final String LINE = "0123456789".repeat(9) + "abcdefghi"; // 100 bytes with its \n

    private final OutputTally tally = new OutputTally(directive -> directive.startsWith("yes "));

    @Test
    void aJobPrintingAsFastAsItCanDeliversEveryByteWithA96MiBHeap() throws Exception {
        startHub(FakeControlPlane.builder().streamLogLines(tally).start(), "linux", TOKEN);
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        long bytes = MEGABYTES * 1_000_000;
        Process agent = outrider(Map.of("OUTRIDER_JAVA_OPTS", FAST_PAUSES + " -Xmx96m", "TMPDIR", tmp.toString()),
                "start", "--endpoint", hub.endpoint(), "--token", TOKEN, "--no-https");
        hub.awaitRegistered(1, WAIT);

        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("yes '" + LINE + "' | head -c " + bytes));
        long started = System.nanoTime();
        String result = hub.awaitJobFinished(job, Duration.ofSeconds(Math.max(120, MEGABYTES / 2)));
        double seconds = (System.nanoTime() - started) / 1e9;

        OutputTally.Tally delivered = tally.of(job);
        System.out.printf("LogDeliveryIT: %d MB delivered in %.1f s (%.1f MB/s), %d events, agent peak RSS %s%n",
                MEGABYTES, seconds, MEGABYTES / seconds, delivered.outputEvents(), peakRss(agent));
        assertThat(result).isEqualTo("passed");
        assertThat(delivered.outputBytes()).isEqualTo(bytes);
        assertThat(delivered.sha256()).isEqualTo(expectedSha256(bytes));
        assertThat(hub.logStats(job).gaps()).isZero();
        assertThat(agent.isAlive()).as("the agent goes on").isTrue();
        assertThat(Files.readString(work.resolve("stderr.txt")) + Files.readString(work.resolve("stdout.txt")))
                .doesNotContain("OutOfMemoryError");
    }

    private static String expectedSha256(long bytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] line = (LINE + "\n").getBytes(StandardCharsets.US_ASCII);
        for (long written = 0; written < bytes; written += line.length) {
            digest.update(line, 0, (int) Math.min(line.length, bytes - written));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String peakRss(Process agent) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status")).stream()
                .filter(line -> line.startsWith("VmHWM:")).findFirst().orElse("VmHWM: ?").substring(6).strip();
    }
}
