package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.OutriderEvent;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncLoopTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path plugins;

    private AgentFixture agent;

    @BeforeEach
    void start() throws InterruptedException {
        agent = new AgentFixture(plugins, "builder-01-agent", "");
        agent.registration().register();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private CompletableFuture<ShutdownReason> loop() {
        CompletableFuture<ShutdownReason> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(agent.syncLoop().run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Test
    void endsInShutdownWhenTheControlPlaneSaysSo() throws Exception {
        CompletableFuture<ShutdownReason> loop = loop();

        agent.fake.scheduleShutdown();

        assertThat(loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ShutdownReason.REQUESTED);
        assertThat(agent.fake.awaitDisconnected("builder-01-agent", TIMEOUT).disconnected()).isTrue();
    }

    @Test
    void reportsAJobWhoseExecutorIsNotInstalledAsFailedAndGoesBackToWaiting() throws Exception {
        CompletableFuture<ShutdownReason> loop = loop();
        String job = agent.fake.scheduleJob(FakeControlPlane.jobWithCommands("echo hello"));

        assertThat(agent.fake.awaitJobFinished(job, TIMEOUT)).isEqualTo("failed");
        agent.fake.await("the agent waits for jobs again",
                fake -> fake.agent("builder-01-agent").map(a -> "waiting-for-jobs".equals(a.state())).orElse(false),
                TIMEOUT);
        assertThat(agent.events(OutriderEvent.JobAccepted.class)).extracting(OutriderEvent.JobAccepted::jobId)
                .containsExactly(job);

        agent.fake.scheduleShutdown();
        assertThat(loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ShutdownReason.REQUESTED);
    }

    @Test
    void aFailedSyncIsFollowedByARecoveryOnTheBus() throws Exception {
        agent.fake.failNext(Endpoint.SYNC, 500, 1);
        CompletableFuture<ShutdownReason> loop = loop();

        agent.fake.await("a sync after the failed one", fake -> fake.requests(Endpoint.SYNC).size() >= 2, TIMEOUT);
        agent.fake.scheduleShutdown();
        loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        OutriderEvent.SyncFailed failed = agent.events(OutriderEvent.SyncFailed.class).getFirst();
        assertThat(agent.events(OutriderEvent.SyncRecovered.class)).singleElement()
                .satisfies(recovered -> assertThat(recovered.failingSince()).isEqualTo(failed.failingSince()));
    }

    @Test
    void shutsDownWhenNoSyncSucceedsForTooLong() throws Exception {
        agent.fake.refuseConnections();

        ShutdownReason reason = loop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(reason).isEqualTo(ShutdownReason.UNABLE_TO_SYNC);
        assertThat(agent.events(OutriderEvent.SyncFailed.class)).isNotEmpty()
                .allSatisfy(failed -> assertThat(failed.failingSince())
                        .isEqualTo(agent.events(OutriderEvent.SyncFailed.class).getFirst().failingSince()));
    }
}
