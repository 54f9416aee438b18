package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.log.LogUploader;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import dev.outrider.testkit.controlplane.SyncExchange;
import dev.outrider.testkit.SleepProcesses;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rest of the [PROTO] lifecycle cases, end to end through bin/outrider: idle timeout (L7), interruption with
 * and without a grace period (L9, L10), shutdown from upstream while a job runs (L12), a stop-job while the job
 * is still being fetched, the second signal, and log batching (EL3).
 */
class AgentLifecycleIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-lifecycle";

    @BeforeEach
    void startHub() {
        startHub("linux", TOKEN);
    }

    private Process agent(String timing, String... extra) throws Exception {
        return agentWithToken(TOKEN, timing, extra);
    }

    /** @return the shutdown hook's path; it writes $SEMAPHORE_AGENT_SHUTDOWN_REASON to reason.txt */
    private Path shutdownHook() throws IOException {
        return Files.writeString(work.resolve("hook.sh"), "echo -n \"$SEMAPHORE_AGENT_SHUTDOWN_REASON\" > "
                + work.resolve("reason.txt") + "\n");
    }

    private String shutdownReasonSeenByTheHook() throws IOException {
        return Files.readString(work.resolve("reason.txt"));
    }

    private void awaitAgentState(String agentName, String state) {
        hub.await("agent " + agentName + " reports " + state,
                h -> h.agent(agentName).map(a -> state.equals(a.state())).orElse(false), WAIT);
    }

    private void awaitCommandStarted(String job, String directive) {
        hub.awaitEvents(job, lines -> lines.stream().anyMatch(l -> l.contains("\"event\":\"cmd_started\"")
                && l.contains("\"directive\":\"" + directive + "\"")), WAIT);
    }

    /**
     * @return what a failed assertion on a job needs to be understood: the agent's syncs, the job's log and what
     *         the agent printed so far
     */
    private String story(String agentName, String job) {
        String syncs = hub.agent(agentName).map(a -> a.syncs().stream().map(SyncExchange::toString)
                .collect(java.util.stream.Collectors.joining("\n  "))).orElse("(agent unknown)");
        String printed;
        try {
            printed = Files.readString(work.resolve("stdout.txt")) + Files.readString(work.resolve("stderr.txt"));
        } catch (IOException e) {
            printed = "(" + e + ")";
        }
        return "syncs:\n  " + syncs + "\nevents of " + job + ":\n  " + String.join("\n  ", hub.events(job))
                + "\nthe agent printed:\n" + printed;
    }

    /** @return the index of the first of the agent's syncs, from {@code from} on, that matches */
    private static int indexOf(List<SyncExchange> syncs, int from, Predicate<SyncExchange> matching, String what) {
        for (int i = from; i < syncs.size(); i++) {
            if (matching.test(syncs.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no sync " + what + " after sync " + from + " in " + syncs);
    }

    // ------------------------------------------------------------------------------------ L7

    @Test
    void idleAgentIsLetGoWhenItsIdleTimeoutPassed() throws Exception {
        Process process = agent("", "--disconnect-after-idle-timeout", "2", "--shutdown-hook-path",
                shutdownHook().toString());
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
        assertThat(agent.registration().idleTimeout()).isEqualTo(2);

        AgentSnapshot gone = hub.awaitDisconnected(agent.name(), WAIT);
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(gone.shutdownReason()).isEqualTo("idle");
        assertThat(Duration.between(gone.registeredAt(), gone.disconnectedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(shutdownReasonSeenByTheHook()).isEqualTo("IDLE");
        assertThat(gone.syncs().getLast().action()).isEqualTo("shutdown");
        assertThat(gone.syncs()).filteredOn(s -> s.action().equals("shutdown")).hasSize(1);
        assertThat(agentLogLines(result)).containsSubsequence( // written by the agent log's bus listener
                "INFO  dev.outrider.agent.Agent: agent: registered as '" + agent.name() + "' with http://",
                "INFO  dev.outrider.agent.Agent: agent: shutting down (IDLE)",
                "INFO  dev.outrider.agent.Agent: agent: disconnected");
    }

    /** @return the agent log's lines without their time stamps and threads, cut after the URL of a registration */
    private static List<String> agentLogLines(Result result) {
        return (result.stdout() + result.stderr()).lines()
                .map(line -> line.replaceFirst("^\\S+ ", "").replaceFirst(" \\[[^]]*\\] ", " ")
                        .replaceFirst("(with https?://).*", "$1"))
                .toList();
    }

    // ------------------------------------------------------------------------------------ L9

    @Test
    void interruptionWithoutGracePeriodStopsTheRunningJobThenShutsDown() throws Exception {
        Process process = agent("", "--disconnect-after-job", "--interruption-grace-period", "0",
                "--shutdown-hook-path", shutdownHook().toString());
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("sleep 60", "echo never"));
        awaitAgentState(agent.name(), "running-job");
        awaitCommandStarted(job, "sleep 60");

        process.destroy(); // SIGTERM
        AgentSnapshot gone = hub.awaitDisconnected(agent.name(), Duration.ofSeconds(30));
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(hub.jobResult(job)).isEqualTo("stopped");
        assertThat(shutdownReasonSeenByTheHook()).isEqualTo("INTERRUPTED");

        List<SyncExchange> syncs = gone.syncs();
        int stop = indexOf(syncs, 0, s -> s.interruptedAt() > 0 && s.action().equals("stop-job")
                && s.actionJobId().equals(job), "answered stop-job for the interrupted job");
        int finished = indexOf(syncs, stop + 1, s -> s.state().equals("finished-job"), "reporting finished-job");
        assertThat(syncs.get(finished).jobResult()).isEqualTo("stopped");
        assertThat(syncs.get(finished).action()).isEqualTo("shutdown");
        assertThat(syncs.get(finished).shutdownReason()).isEqualTo("interrupted");
        assertThat(syncs).hasSize(finished + 1);

        List<String> events = hub.events(job);
        assertThat(events.get(events.size() - 2)).contains("\"directive\":\"sleep 60\",\"exit_code\":1");
        assertThat(events.getLast()).contains("\"result\":\"stopped\"");
        assertThat(String.join("\n", events)).doesNotContain("never");
    }

    // ------------------------------------------------------------------------------------ L10

    @Test
    void interruptionWithinTheGracePeriodLetsTheJobFinishThenShutsDown() throws Exception {
        // a grace period far beyond the job: the control plane's clock (wall time) may jump or the machine stall for
        // seconds without the job outliving it, which would make it stop the job as the protocol says
        Process process = agent("", "--interruption-grace-period", "600", "--shutdown-hook-path",
                shutdownHook().toString());
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
        assertThat(agent.registration().interruptionGracePeriod()).isEqualTo(600);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("sleep 5", "echo finished normally"));
        awaitAgentState(agent.name(), "running-job");
        awaitCommandStarted(job, "sleep 5");

        process.destroy(); // SIGTERM
        hub.await("a sync reports the interruption while the job runs", h -> h.agent(agent.name()).orElseThrow()
                .syncs().stream().anyMatch(s -> s.interruptedAt() > 0 && s.state().equals("running-job")), WAIT);
        String finished = hub.awaitJobFinished(job, WAIT);
        assertThat(finished).as(() -> story(agent.name(), job)).isEqualTo("passed");
        AgentSnapshot gone = hub.awaitDisconnected(agent.name(), WAIT);
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(shutdownReasonSeenByTheHook()).isEqualTo("INTERRUPTED");

        assertThat(gone.syncs()).extracting(SyncExchange::action).doesNotContain("stop-job");
        SyncExchange last = gone.syncs().getLast();
        assertThat(last.state()).isEqualTo("finished-job");
        assertThat(last.jobResult()).isEqualTo("passed");
        assertThat(last.action()).isEqualTo("shutdown");
        assertThat(last.shutdownReason()).isEqualTo("interrupted");
        List<String> events = hub.events(job);
        assertThat(String.join("\n", events)).contains("\"directive\":\"sleep 5\",\"exit_code\":0")
                .contains("finished normally\\n");
        assertThat(events.getLast()).contains("\"result\":\"passed\"");
    }

    // ------------------------------------------------------------------------------------ L12

    @Test
    void shutdownFromUpstreamWhileAJobRunsStopsTheJobFirst() throws Exception {
        Process process = agent("", "--shutdown-hook-path", shutdownHook().toString());
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("sleep 300"));
        awaitAgentState(agent.name(), "running-job");
        awaitCommandStarted(job, "sleep 300");

        hub.scheduleShutdown();
        AgentSnapshot gone = hub.awaitDisconnected(agent.name(), Duration.ofSeconds(30));
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(hub.jobResult(job)).isEqualTo("stopped");
        assertThat(shutdownReasonSeenByTheHook()).isEqualTo("REQUESTED");

        List<SyncExchange> syncs = gone.syncs();
        int stop = indexOf(syncs, 0, s -> s.action().equals("stop-job") && s.actionJobId().equals(job),
                "answered stop-job");
        int finished = indexOf(syncs, stop + 1, s -> s.state().equals("finished-job"), "reporting finished-job");
        assertThat(syncs.get(finished).jobResult()).isEqualTo("stopped");
        assertThat(syncs.get(finished).action()).isEqualTo("shutdown");
        assertThat(syncs.get(finished).shutdownReason()).isEqualTo("requested");
        List<String> events = hub.events(job);
        assertThat(events.get(events.size() - 2)).contains("\"directive\":\"sleep 300\",\"exit_code\":1");
        assertThat(events.getLast()).contains("\"result\":\"stopped\"");
    }

    // ------------------------------------------------------------------------------------ stop while fetching

    @Test
    void stopJobWhileTheJobIsStillBeingFetchedReportsItStoppedAndTheAgentGoesOn() throws Exception {
        hub.failNext(Endpoint.GET_JOB, 500, 4);
        Process process = agent("-Doutrider.protocol.jobFetchAttempts=10 -Doutrider.protocol.jobFetchPause=PT1S");
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo never"));
        hub.await("a failed get-job", h -> !h.requests(Endpoint.GET_JOB).isEmpty(), WAIT);

        hub.stopJob(job);
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("stopped");
        assertThat(hub.requests(Endpoint.GET_JOB)).extracting(RecordedRequest::status).containsOnly(500);
        assertThat(hub.events(job)).isEmpty();
        assertThat(hub.agent(agent.name()).orElseThrow().syncs())
                .anyMatch(s -> s.state().equals("starting-job") && s.action().equals("stop-job"))
                .anyMatch(s -> s.state().equals("finished-job") && s.jobResult().equals("stopped"));

        // the agent is still there and takes the next job (fetched after the failures left over)
        assertThat(process.isAlive()).isTrue();
        String next = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo still here"));
        assertThat(hub.awaitJobFinished(next, WAIT)).isEqualTo("passed");
        assertThat(String.join("\n", hub.events(next))).contains("still here\\n");
        assertThat(process.isAlive()).isTrue();
    }

    // ------------------------------------------------------------------------------------ second signal

    @Test
    void secondSigtermWhileAJobRunsExitsAtOnceAndLeavesNoProcessOfTheJob() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt(100_000, 900_000);
        Process process = agent("", "--interruption-grace-period", "300");
        AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(
                "setsid sleep " + (seed + 1) + " &", "sleep " + (seed + 2)));
        awaitAgentState(agent.name(), "running-job");
        awaitCommandStarted(job, "sleep " + (seed + 2));
        assertThat(SleepProcesses.awaitRunning(seed, 2, WAIT)).as("the job's processes run").hasSize(2);

        process.destroy(); // SIGTERM: reported; the grace period keeps the job running
        hub.await("a sync reports the interruption", h -> h.agent(agent.name()).orElseThrow().syncs().stream()
                .anyMatch(s -> s.interruptedAt() > 0), WAIT);
        assertThat(process.isAlive()).as("the first SIGTERM leaves the agent running").isTrue();

        process.destroy(); // the second one
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the agent exits at once").isTrue();
        Result result = Result.of(process, work);
        assertThat(SleepProcesses.of(seed)).as("processes of the job left behind").isEmpty();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
        assertThat(result.stderr()).contains("outrider: SIGTERM received again, ending the jobs and exiting");
    }

    // ------------------------------------------------------------------------------------ EL3

    @Test
    void longLogIsPushedInBatchesOfAtMost2000EventsInOrderWithoutGaps() throws Exception {
        agent("");
        hub.awaitRegistered(1, WAIT);
        // the first pushes fail, so that a backlog of far more than 2000 events builds up meanwhile
        hub.failNext(Endpoint.LOGS, 503, 3);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(
                "for i in $(seq 1 100000); do printf 'line %094d\\n' $i; done; sleep 1"));
        assertThat(hub.awaitJobFinished(job, Duration.ofSeconds(120))).isEqualTo("passed");

        List<RecordedRequest> pushes = hub.requests(Endpoint.LOGS);
        List<Integer> sizes = pushes.stream().map(r -> eventsIn(r.body())).toList();
        assertThat(sizes).as("events per push").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(
                LogUploader.MAX_EVENTS_PER_REQUEST)).contains(LogUploader.MAX_EVENTS_PER_REQUEST);

        // accepted pushes follow one another by offset: each starts where the last one ended
        long next = 0;
        for (RecordedRequest push : pushes) {
            if (push.status() == 200) {
                assertThat(startFrom(push)).as("start_from of " + push.uri()).isEqualTo(next);
                next = startFrom(push) + eventsIn(push.body());
            }
        }
        List<String> events = hub.events(job);
        assertThat(next).isEqualTo(events.size());
        assertThat(hub.logStats(job).gaps()).isZero();

        StringBuilder output = new StringBuilder();
        for (String line : events) {
            JsonObject event = new JsonObject(line);
            if (event.getString("event").equals("cmd_output")) {
                output.append(event.getString("output"));
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 100000; i++) {
            expected.append(String.format("line %094d", i)).append('\n');
        }
        assertThat(output.toString()).startsWith(expected.toString());
        assertThat(events.size()).as("events of the job").isGreaterThan(3 * LogUploader.MAX_EVENTS_PER_REQUEST);
        assertThat(events.getLast()).contains("\"result\":\"passed\"");
    }

    private static int eventsIn(String body) {
        return (int) body.lines().filter(line -> !line.isEmpty()).count();
    }

    private static long startFrom(RecordedRequest push) {
        String query = push.uri().substring(push.uri().indexOf('?') + 1);
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("start_from=")) {
                return Long.parseLong(parameter.substring("start_from=".length()));
            }
        }
        throw new AssertionError("no start_from in " + push.uri());
    }

}
