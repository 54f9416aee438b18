package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTest {

    @TempDir
    Path plugins;

    private AgentFixture agent;

    @BeforeEach
    void start() {
        agent = new AgentFixture(plugins, "builder-01-agent", "");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void registersWithTheHostsFactsAndKeepsTheNameAndTokenTheControlPlaneGave() throws InterruptedException {
        agent.registration().register();

        AgentSnapshot registered = agent.fake.awaitRegistered(1, Duration.ofSeconds(10)).getFirst();
        assertThat(registered.registration().pid()).isEqualTo(4242);
        assertThat(registered.registration().version()).isEqualTo("v9.9.9");
        assertThat(agent.context.state().name()).isEqualTo("builder-01-agent");
        assertThat(agent.context.state().token()).isEqualTo(registered.accessToken());
    }

    @Test
    void tellsTheBusItRegisteredAndIsIdle() throws InterruptedException {
        agent.registration().register();

        assertThat(agent.events(OutriderEvent.AgentRegistered.class)).singleElement()
                .satisfies(event -> assertThat(event.agent()).isEqualTo("builder-01-agent"));
        assertThat(agent.events(OutriderEvent.StateChanged.class)).singleElement()
                .satisfies(event -> assertThat(event.status()).isEqualTo(AgentStatus.IDLE));
    }

    @Test
    void retriesAFailedRegistration() throws InterruptedException {
        agent.fake.failNext(Endpoint.REGISTER, 503, 2);

        agent.registration().register();

        assertThat(agent.fake.requests(Endpoint.REGISTER)).hasSize(3);
        assertThat(agent.context.state().name()).isEqualTo("builder-01-agent");
    }

    @Test
    void givesUpAfterTheLastAttemptNamingWhatToCheck() {
        agent.fake.failNext(Endpoint.REGISTER, 503, 3);

        assertThatThrownBy(() -> agent.registration().register())
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("could not register after 3 attempts")
                .hasMessageContaining("503")
                .hasMessageContaining("check 'endpoint', the registration 'token'");
        assertThat(agent.context.state().name()).isNull();
        assertThat(agent.events).isEmpty();
    }
}
