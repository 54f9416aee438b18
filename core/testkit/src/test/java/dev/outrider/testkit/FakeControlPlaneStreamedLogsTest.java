package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.OutputTally;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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
}
