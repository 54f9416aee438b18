package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.TlsSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the end-to-end tests of `outrider start` share: a fake control plane on 127.0.0.1, agents
 * started through bin/outrider with the protocol's pauses shortened, and their clean-up.
 */
abstract class FakeControlPlaneTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** Retry pauses of 0.1 s, so that retries take moments (-Doutrider.protocol.*). */
    static final String FAST_PAUSES = "-Doutrider.protocol.registerPause=PT0.1S "
            + "-Doutrider.protocol.jobFetchPause=PT0.1S -Doutrider.protocol.disconnectPause=PT0.1S";

    @TempDir
    Path work;

    FakeControlPlane hub;

    private final List<Process> agents = new ArrayList<>();

    /** Starts a plain-HTTP fake with one agent type. */
    void startHub(String type, String token) {
        startHub(FakeControlPlane.start(), type, token);
    }

    /** Starts an HTTPS fake with one agent type. */
    void startHub(TlsSetup tls, String type, String token) {
        startHub(FakeControlPlane.start(tls), type, token);
    }

    /** Uses a fake the test started (e.g. one that streams job logs), with one agent type. */
    void startHub(FakeControlPlane started, String type, String token) {
        hub = started;
        hub.addAgentType(type, token);
        hub.nextSyncAfter(Duration.ofMillis(200));
    }

    /** Starts bin/outrider with extra environment variables; the process is killed after the test. */
    Process outrider(Map<String, String> environment, String... args) throws Exception {
        Process process = Installation.start(work, environment, args);
        agents.add(process);
        return process;
    }

    /** Starts `outrider start --endpoint <the fake> --token TOKEN --no-https EXTRA`, with fast pauses and TIMING. */
    Process agentWithToken(String token, String timing, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--endpoint", hub.endpoint(), "--token", token, "--no-https"));
        args.addAll(List.of(extra));
        return outrider(Map.of("OUTRIDER_JAVA_OPTS", FAST_PAUSES + " " + timing), args.toArray(String[]::new));
    }

    /** Starts `outrider start --config-file CONFIG`, with fast pauses and TIMING. */
    Process agentWithConfig(Path config, String timing) throws Exception {
        return outrider(Map.of("OUTRIDER_JAVA_OPTS", FAST_PAUSES + " " + timing), "start", "--config-file",
                config.toString());
    }

    /** Waits for an agent process to exit and returns what it left. */
    Result exit(Process process) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the agent exits").isTrue();
        return Result.of(process, work);
    }

    @AfterEach
    void stopAgentsAndHub() {
        agents.forEach(Process::destroyForcibly);
        if (hub != null) {
            hub.close();
        }
    }
}
