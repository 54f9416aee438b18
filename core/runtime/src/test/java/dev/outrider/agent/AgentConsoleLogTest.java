package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentConsoleLogTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private AgentConsoleLog log;

    @BeforeEach
    void listen() {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("dev.outrider.agent.Agent");
        lines.setContext(context);
        lines.start();
        logger.addAppender(lines);
        log = new AgentConsoleLog(logger);
    }

    private List<String> written() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    private void registered(String name, String type, String label) {
        log.accept(new OutriderEvent.AgentRegistered(name, type, label, "https://ci.example/api/v1/self_hosted_agents",
                T0));
    }

    @Test
    void writesAnAgentsLifeFromItsEventsUnderItsLabel() {
        registered("builder-01-abc", "linux", "linux#2");
        log.accept(new OutriderEvent.StateChanged("builder-01-abc", "linux", AgentStatus.IDLE, "", T0));
        log.accept(new OutriderEvent.JobAccepted("builder-01-abc", "linux", "job-7", T0));
        log.accept(new OutriderEvent.StepStarted("builder-01-abc", "linux", "job-7", "make", T0));
        log.accept(new OutriderEvent.JobFinished("builder-01-abc", "linux", "job-7", JobResult.FAILED,
                Duration.ofSeconds(3), T0));
        log.accept(new OutriderEvent.StateChanged("builder-01-abc", "linux", AgentStatus.SHUTTING_DOWN, "IDLE", T0));
        log.accept(new OutriderEvent.Disconnected("builder-01-abc", "linux", true, T0));

        assertThat(written()).containsExactly(
                "INFO linux#2: registered as 'builder-01-abc' with https://ci.example/api/v1/self_hosted_agents",
                "INFO linux#2: starting job 'job-7'",
                "INFO linux#2: job 'job-7' finished: failed",
                "INFO linux#2: shutting down (IDLE)",
                "INFO linux#2: disconnected");
    }

    @Test
    void syncFailuresSayHowLongSinceTheLastSuccessAndWhenTheAgentGivesUp() {
        registered("a1", "linux", "linux");
        log.accept(new OutriderEvent.SyncFailed("a1", "linux", T0, Duration.ofMillis(15_400), false,
                "POST /sync: connection refused", T0));
        log.accept(new OutriderEvent.SyncFailed("a1", "linux", T0, Duration.ofSeconds(601), true,
                "POST /sync: HTTP 502", T0.plusSeconds(586)));

        assertThat(written()).endsWith(
                "WARN linux: sync failed (15 s since the last successful one): POST /sync: connection refused",
                "WARN linux: sync failed (601 s since the last successful one): POST /sync: HTTP 502",
                "ERROR linux: no successful sync for 601 s: taking no more jobs and shutting down");
    }

    @Test
    void saysWhenSyncingWorksAgain() {
        registered("a1", "linux", "linux");
        log.accept(new OutriderEvent.SyncRecovered("a1", "linux", T0, T0.plusSeconds(42)));

        assertThat(written()).last().isEqualTo("INFO linux: syncing again after 42 s of failures");
    }

    @Test
    void anUnansweredDisconnectIsAnError() {
        registered("a1", "linux", "linux");
        log.accept(new OutriderEvent.Disconnected("a1", "linux", false, T0));

        assertThat(written()).last().isEqualTo("ERROR linux: could not disconnect; shutting down anyway");
    }

    @Test
    void agentsOfTwoTypesWithTheSameNameKeepTheirOwnLabels() {
        registered("same", "linux", "linux");
        registered("same", "arm", "arm#1");
        log.accept(new OutriderEvent.JobAccepted("same", "arm", "j1", T0));
        log.accept(new OutriderEvent.JobAccepted("same", "linux", "j2", T0));

        assertThat(written()).endsWith("INFO arm#1: starting job 'j1'", "INFO linux: starting job 'j2'");
    }

    @Test
    void beforeRegisteringAnAgentIsNamedByItsLabel() {
        log.accept(new OutriderEvent.StateChanged("linux#3", "linux", AgentStatus.SHUTTING_DOWN, "INTERRUPTED", T0));

        assertThat(written()).containsExactly("INFO linux#3: shutting down (INTERRUPTED)");
    }

    @Test
    void writesNothingForEventsOperatorsReadElsewhere() {
        registered("a1", "linux", "linux");
        lines.list.clear();
        log.accept(new OutriderEvent.StateChanged("a1", "linux", AgentStatus.RUNNING, "", T0));
        log.accept(new OutriderEvent.LogUploaded("a1", "linux", "j", 10, 100, T0));
        log.accept(new OutriderEvent.CacheTransfer("a1", "linux", "j", "store", true, 5, T0));

        assertThat(written()).isEmpty();
    }
}
