package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.OutputTally;
import dev.outrider.testkit.controlplane.OutputTallyTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fake that streams job logs through an {@link OutputTally} keeps none of them, and checks every byte. */
class FakeControlPlaneStreamedLogsTest {

    private final OutputTally tally = new OutputTally("make"::equals);
    private FakeControlPlane fake;
    private Probe probe;
    private String job;
    private String logUrl;

    @BeforeEach
    void startAJob() {
        fake = FakeControlPlane.builder().streamLogLines(tally).start().addAgentType("linux", "registration");
        probe = new Probe(fake);
        String accessToken = probe.registerAgent("registration", "agent-name");
        job = fake.scheduleJob(FakeControlPlane.jobWithCommands("make"));
        probe.waiting(accessToken);
        logUrl = fake.jobRequest(job).getJsonObject("logger").getString("url");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private int push(long startFrom, String... lines) {
        return probe.pushLogs(logUrl, fake.logToken(job), startFrom, String.join("\n", lines) + "\n").statusCode();
    }

    private static String output(String escapedText) {
        return "{\"event\":\"cmd_output\",\"timestamp\":1700000000,\"output\":\"" + escapedText + "\"}";
    }

    @Test
    void talliesTheOutputOfMatchingCommandsOnceAndKeepsNoLines() throws Exception {
        assertThat(push(0, "{\"event\":\"job_started\",\"timestamp\":1700000000}",
                "{\"event\":\"cmd_started\",\"timestamp\":1700000000,\"directive\":\"echo other\"}",
                output("not counted"),
                "{\"event\":\"cmd_finished\",\"timestamp\":1700000000,\"directive\":\"echo other\",\"exit_code\":0,"
                        + "\"started_at\":1700000000,\"finished_at\":1700000000}",
                "{\"event\":\"cmd_started\",\"timestamp\":1700000000,\"directive\":\"make\"}",
                output("a \\\"b\\\" \\\\ \\u003c\\n"))).isEqualTo(200);
        // a resend of stored offsets is not counted twice
        assertThat(push(5, output("a \\\"b\\\" \\\\ \\u003c\\n"), output("\\u00fc\\ud83d\\ude00\\t"))).isEqualTo(200);

        String text = "a \"b\" \\ <\n" + "ü😀\t";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        OutputTally.Tally seen = tally.of(job);
        assertThat(seen.lines()).isEqualTo(7);
        assertThat(seen.outputEvents()).isEqualTo(2);
        assertThat(seen.outputBytes()).isEqualTo(bytes.length);
        assertThat(seen.sha256()).isEqualTo(HexFormat.of().formatHex(OutputTally.sha256().digest(bytes)));
        assertThat(seen.firstOutput()).isNotNull();
        assertThat(fake.events(job)).isEmpty();
        assertThat(fake.logStats(job).storedLines()).isEqualTo(7);
        assertThat(fake.logStats(job).duplicateLines()).isEqualTo(1);
        assertThat(fake.requests(Endpoint.LOGS)).allSatisfy(request -> assertThat(request.body()).isEmpty());
    }

    @Test
    void aPushedLogTalliesExactlyAsItsLinesGivenAsText() {
        List<String> log = OutputTallyTest.MIXED_LOG;
        assertThat(push(0, log.subList(0, 7).toArray(String[]::new))).isEqualTo(200);
        // the last push overlaps the stored lines, and its last line has no \n
        String rest = String.join("\n", log.subList(5, log.size()));
        assertThat(probe.pushLogs(logUrl, fake.logToken(job), 5, rest).statusCode()).isEqualTo(200);

        OutputTally fromText = new OutputTally("make"::equals);
        for (int offset = 0; offset < log.size(); offset++) {
            fromText.stored("text", offset, log.get(offset));
        }
        assertThat(OutputTallyTest.counts(tally.of(job))).isEqualTo(OutputTallyTest.counts(fromText.of("text")));
        assertThat(fake.logStats(job).storedLines()).isEqualTo(log.size());
        assertThat(fake.logStats(job).duplicateLines()).isEqualTo(2);
    }

    @Test
    void aPushWithoutContentLengthIsReadWholeToo() {
        List<String> log = OutputTallyTest.MIXED_LOG;
        assertThat(probe.pushLogsChunked(logUrl, fake.logToken(job), 0, String.join("\n", log) + "\n").statusCode())
                .isEqualTo(200);

        OutputTally fromText = new OutputTally("make"::equals);
        for (int offset = 0; offset < log.size(); offset++) {
            fromText.stored("text", offset, log.get(offset));
        }
        assertThat(OutputTallyTest.counts(tally.of(job))).isEqualTo(OutputTallyTest.counts(fromText.of("text")));
        assertThat(fake.requests(Endpoint.LOGS).getLast().header("Transfer-Encoding")).isEqualTo("chunked");
    }

    @Test
    void aListenerOfTextGetsEachStoredLineDecodedOnce() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (FakeControlPlane textFake = FakeControlPlane.builder()
                .streamLogLines((jobId, offset, line) -> seen.add(offset + ":" + line)).start()) {
            textFake.addAgentType("linux", "registration");
            Probe textProbe = new Probe(textFake);
            String accessToken = textProbe.registerAgent("registration", "agent-name");
            String textJob = textFake.scheduleJob(FakeControlPlane.jobWithCommands("make"));
            textProbe.waiting(accessToken);
            String url = textFake.jobRequest(textJob).getJsonObject("logger").getString("url");

            assertThat(textProbe.pushLogs(url, textFake.logToken(textJob), 0, "grüße\n\n😀").statusCode())
                    .isEqualTo(200);
            assertThat(textProbe.pushLogs(url, textFake.logToken(textJob), 2, "😀\n€\n").statusCode())
                    .isEqualTo(200);
        }
        assertThat(seen).containsExactly("0:grüße", "1:", "2:😀", "3:€");
    }
}
