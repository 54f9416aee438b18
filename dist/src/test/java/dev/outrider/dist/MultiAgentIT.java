package dev.outrider.dist;

import static dev.outrider.testkit.EventLogAssert.assertEventLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.JobSnapshot;
import dev.outrider.testkit.controlplane.JobStatus;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several agents of several agent types in one `outrider start` process, from the `agents:` list of one
 * configuration file: each registers with its own type's token, runs its own jobs, and one type's failure does
 * not take the others down.
 */
class MultiAgentIT extends FakeControlPlaneTest {

    private static final String ALPHA_TOKEN = "registration-token-alpha";
    private static final String BETA_TOKEN = "registration-token-beta";
    @BeforeEach
    void startHubs() {
        startHub("alpha", ALPHA_TOKEN);
        hub.addAgentType("beta", BETA_TOKEN);
    }

    /** Starts `outrider start --config-file` with two agent types: alpha (count 2) and beta (count 1). */
    private Process agents(String alphaToken, String betaToken) throws Exception {
        Path config = Files.writeString(work.resolve("agents.yml"), """
                endpoint: "%s"
                no-https: true
                agents:
                  - label: alpha
                    token: "%s"
                    count: 2
                  - label: beta
                    token: "%s"
                """.formatted(hub.endpoint(), alphaToken, betaToken));
        return agentWithConfig(config, "-Doutrider.protocol.registerAttempts=2");
    }

    private static String expectedLog(String directive, String output) {
        return """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"sleep 3"}
                {"event":"cmd_finished","timestamp":"*","directive":"sleep 3","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"%s"}
                {"event":"cmd_output","timestamp":"*","output":"%s\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"%s","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"job_finished","timestamp":"*","result":"passed"}
                """.formatted(directive, output, directive);
    }

    private static long timestampOf(List<String> events, String event) {
        return events.stream().map(JsonObject::new).filter(e -> e.getString("event").equals(event))
                .mapToLong(e -> e.getLong("timestamp")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " in " + events));
    }

    @Test
    void agentsOfTwoTypesRegisterWithTheirOwnTokensAndRunJobsAtTheSameTime() throws Exception {
        agents(ALPHA_TOKEN, BETA_TOKEN);
        List<AgentSnapshot> registered = hub.awaitRegistered(3, WAIT);
        assertThat(registered).hasSize(3);
        assertThat(registered).extracting(AgentSnapshot::name).doesNotHaveDuplicates();
        assertThat(registered).extracting(AgentSnapshot::type).containsExactlyInAnyOrder("alpha", "alpha", "beta");
        assertThat(registered).extracting(a -> a.registration().pid()).containsOnly(registered.getFirst().registration().pid());

        String first = hub.scheduleJobFor("alpha", FakeControlPlane.jobWithCommands("sleep 3", "echo first alpha job"));
        String second = hub.scheduleJobFor("alpha", FakeControlPlane.jobWithCommands("sleep 3", "echo second alpha job"));
        String third = hub.scheduleJobFor("beta", FakeControlPlane.jobWithCommands("sleep 3", "echo the beta job"));
        List<String> jobs = List.of(first, second, third);

        // every agent reports running-job at one moment: the three jobs run side by side
        hub.await("all three agents report running-job", h -> h.agents().stream()
                .filter(a -> "running-job".equals(a.state())).count() == 3, Duration.ofSeconds(30));
        for (String job : jobs) {
            assertThat(hub.awaitJobFinished(job, WAIT)).as("result of " + job).isEqualTo("passed");
        }

        assertEventLog(hub.events(first), expectedLog("echo first alpha job", "first alpha job"));
        assertEventLog(hub.events(second), expectedLog("echo second alpha job", "second alpha job"));
        assertEventLog(hub.events(third), expectedLog("echo the beta job", "the beta job"));
        long lastStart = jobs.stream().mapToLong(j -> timestampOf(hub.events(j), "job_started")).max().orElseThrow();
        long firstEnd = jobs.stream().mapToLong(j -> timestampOf(hub.events(j), "job_finished")).min().orElseThrow();
        assertThat(lastStart).as("the last job started before the first one finished").isLessThan(firstEnd);

        List<JobSnapshot> ran = jobs.stream().map(hub::job).toList();
        assertThat(ran).extracting(JobSnapshot::agentName).doesNotHaveDuplicates();
        for (JobSnapshot job : ran) {
            assertThat(job.logs().gaps()).isZero();
            assertThat(hub.agent(job.agentName()).orElseThrow().type()).as("type of the agent that ran " + job.id())
                    .isEqualTo(job.agentType());
        }
    }

    @Test
    void agentTypeWithAWrongTokenDoesNotStopTheOtherType() throws Exception {
        Process process = agents("not-a-token-of-the-control-plane", BETA_TOKEN);
        AgentSnapshot beta = hub.awaitRegistered(1, WAIT).getFirst();
        assertThat(beta.type()).isEqualTo("beta");
        awaitAgentLogContains("alpha#1: could not register after 2 attempts");
        awaitAgentLogContains("alpha#2: could not register after 2 attempts");
        assertThat(process.isAlive()).as("the process still runs after alpha's failure").isTrue();

        String job = hub.scheduleJobFor("beta", FakeControlPlane.jobWithCommands("sleep 3", "echo the beta job"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
        assertEventLog(hub.events(job), expectedLog("echo the beta job", "the beta job"));
        assertThat(hub.agents()).hasSize(1);
        assertThat(hub.jobStatus(job)).isEqualTo(JobStatus.FINISHED);

        // once the remaining agent shuts down, the process ends, reporting that some agent never registered
        hub.scheduleShutdown();
        hub.awaitDisconnected(beta.name(), WAIT);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
        Result result = Result.of(process, work);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).doesNotContain("not-a-token-of-the-control-plane");
    }

    private void awaitAgentLogContains(String text) throws Exception {
        Path stderr = work.resolve("stderr.txt");
        Path stdout = work.resolve("stdout.txt");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String log = (Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "")
                    + (Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "");
            if (log.contains(text)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' did not appear in the agent's output within " + WAIT + ":\n"
                        + log);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
