package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import dev.outrider.testkit.controlplane.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownTest {

    @TempDir
    Path folder;

    private AgentFixture agent;

    @AfterEach
    void stop() {
        agent.close();
    }

    private void registered(String hook) throws InterruptedException, IOException {
        Files.createDirectories(folder.resolve("plugins"));
        agent = new AgentFixture(folder.resolve("plugins"), "builder-01-agent", hook);
        agent.registration().register();
        agent.events.clear();
    }

    @Test
    void disconnectsAndRunsTheHookWithTheReason() throws Exception {
        Path hook = folder.resolve("hook.sh");
        Path seen = folder.resolve("reason");
        Files.writeString(hook, "echo \"$SEMAPHORE_AGENT_SHUTDOWN_REASON\" > '" + seen + "'\n");
        registered(hook.toString());

        ShutdownReason reason = new Shutdown(agent.context).shutDown(ShutdownReason.IDLE);

        assertThat(reason).isEqualTo(ShutdownReason.IDLE);
        assertThat(agent.fake.awaitDisconnected("builder-01-agent", Duration.ofSeconds(10)).disconnected()).isTrue();
        assertThat(Files.readString(seen)).isEqualTo("IDLE\n");
    }

    @Test
    void tellsTheBusItIsShuttingDownThenDisconnected() throws Exception {
        registered("");

        new Shutdown(agent.context).shutDown(ShutdownReason.REQUESTED);

        assertThat(agent.events).hasSize(2);
        assertThat(agent.events.getFirst()).isInstanceOfSatisfying(OutriderEvent.StateChanged.class, event -> {
            assertThat(event.status()).isEqualTo(AgentStatus.SHUTTING_DOWN);
            assertThat(event.reason()).isEqualTo("REQUESTED");
        });
        assertThat(agent.events.getLast()).isInstanceOf(OutriderEvent.Disconnected.class);
    }

    @Test
    void shutsDownAnywayWhenEveryDisconnectFails() throws Exception {
        registered("");
        agent.fake.failNext(Endpoint.DISCONNECT, 500, AgentFixture.FAST.disconnectAttempts());

        ShutdownReason reason = new Shutdown(agent.context).shutDown(ShutdownReason.REQUESTED);

        assertThat(reason).isEqualTo(ShutdownReason.REQUESTED);
        assertThat(agent.fake.requests(Endpoint.DISCONNECT)).hasSize(AgentFixture.FAST.disconnectAttempts());
        assertThat(agent.events.getLast()).isInstanceOf(OutriderEvent.Disconnected.class);
    }
}
