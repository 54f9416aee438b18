package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobResult;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.testkit.controlplane.Endpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSessionTest {

    @TempDir
    Path plugins;

    private AgentFixture agent;

    @BeforeEach
    void start() throws InterruptedException {
        agent = new AgentFixture(plugins, "builder-01-agent", "");
        agent.registration().register();
        agent.events.clear();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aJobThatCannotBeFetchedIsRecordedFailedAfterEveryAttempt() {
        JobSession session = new JobSession(agent.context, agent.tools, "never-handed-over");
        assertThat(agent.context.state().begin(session)).isEmpty();

        session.run();

        assertThat(agent.fake.requests(Endpoint.GET_JOB)).hasSize(AgentFixture.FAST.jobFetchAttempts());
        assertThat(agent.context.state().state()).isEqualTo(AgentState.FINISHED_JOB);
        assertThat(agent.context.state().request().jobResult()).isEqualTo("failed");
        assertThat(agent.events(OutriderEvent.JobFinished.class)).singleElement()
                .satisfies(event -> assertThat(event.result()).isEqualTo(JobResult.FAILED));
    }

    @Test
    void aJobStoppedBeforeItIsFetchedIsRecordedStoppedWithoutAsking() {
        JobSession session = new JobSession(agent.context, agent.tools, "stopped-early");
        agent.context.state().begin(session);

        session.stop();
        session.run();

        assertThat(agent.fake.requests(Endpoint.GET_JOB)).isEmpty();
        assertThat(agent.context.state().request().jobResult()).isEqualTo("stopped");
    }

    @Test
    void aSessionThatIsNoLongerTheAgentsJobRecordsNothing() {
        JobSession current = new JobSession(agent.context, agent.tools, "current");
        agent.context.state().begin(current);
        JobSession other = new JobSession(agent.context, agent.tools, "other");

        other.stop();
        other.run();

        assertThat(agent.context.state().state()).isEqualTo(AgentState.STARTING_JOB);
        assertThat(agent.events(OutriderEvent.JobFinished.class)).isEmpty();
    }
}
