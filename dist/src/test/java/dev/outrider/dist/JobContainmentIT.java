package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.SleepProcesses;
import dev.outrider.toolkit.JobCgroups;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No process of a job outlives its job or its agent: {@code kill -9} of {@code outrider start} or of
 * {@code outrider run} in the middle of a job whose processes left the shell in every way (background,
 * {@code setsid}, double fork, SIGTERM ignored) leaves none alive 5 s later; the next start removes what the
 * dead agent left and says so; stopping a job kills them all too. Each case runs with the job cgroups this
 * machine offers ({@code auto}), with cgroup v1 forced, and without cgroups ({@code off}).
 */
class JobContainmentIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-containment";
    private static final Duration GONE_WITHIN = Duration.ofSeconds(5);
    private static final String REMOVED = "Removed what crashed agents left: ";

    private final int seed = ThreadLocalRandom.current().nextInt(100_000, 900_000);
    private final List<Process> started = new ArrayList<>();
    private Path tmp;

    @BeforeEach
    void startHubAndTemporaryFolder() throws Exception {
        startHub("linux", TOKEN);
        tmp = Files.createDirectories(work.resolve("tmp")); // the agents' TMPDIR: job folders of this test only
    }

    @AfterEach
    void killWhatStillRuns() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (String sleep : SleepProcesses.of(seed)) {
            ProcessHandle.of(Long.parseLong(sleep.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "v1", "off"})
    void killMinus9OfOutriderStartMidJobLeavesNoProcessOfTheJobAndTheNextStartCleansUp(String mode) throws Exception {
        Process agent = agent(mode, work);
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(strays()));
        awaitStrays(job);

        agent.destroyForcibly(); // SIGKILL
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertNoneAliveWithin(GONE_WITHIN);
        Path second = Files.createDirectories(work.resolve("second"));
        agent(mode, second);
        String removed = awaitLogLine(second, REMOVED);
        assertThat(removed).contains("1 work folder (" + tmp + "/outrider-job-")
                .contains("1 log spool (" + tmp + "/outrider-job-");
        assertThat(Files.list(tmp).toList()).as("job folders left in " + tmp).isEmpty();
        assertThat(awaitLogLine(second, "Shell jobs' processes are kept in")).contains(expectedKeeping(mode));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "v1"})
    void theNextStartKillsWhatIsLeftInTheCgroupsOfADeadAgentWhoseGuardWasKilledToo(String mode) throws Exception {
        Process agent = agent(mode, work);
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(strays()));
        awaitStrays(job);
        List<ProcessHandle> guards = agent.toHandle().children()
                .filter(child -> child.info().commandLine().orElse("").contains("outrider-job-guard")).toList();
        assertThat(guards).as("the job's guard").hasSize(1);

        guards.getFirst().destroyForcibly();
        guards.getFirst().onExit().get(30, TimeUnit.SECONDS);
        agent.destroyForcibly();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the foreground sleep goes with its terminal (SIGHUP); the four that left the shell stay
        assertThat(SleepProcesses.of(seed)).as("the job's processes, with no agent and no guard")
                .map(sleep -> sleep.substring(sleep.indexOf(' ') + 1))
                .contains("sleep " + (seed + 1), "sleep " + (seed + 2), "sleep " + (seed + 3), "sleep " + (seed + 4));

        Path second = Files.createDirectories(work.resolve("second"));
        agent(mode, second);
        String removed = awaitLogLine(second, REMOVED);

        assertThat(removed).contains("1 job cgroup (").contains("1 work folder").contains("1 log spool");
        assertNoneAliveWithin(GONE_WITHIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "v1", "off"})
    void killMinus9OfOutriderRunMidJobLeavesNoProcessOfTheJobAndTheNextRunCleansUp(String mode) throws Exception {
        Path jobFile = Files.writeString(work.resolve("job.yml"), "commands:\n" + String.join("", List.of(strays())
                .stream().map(directive -> "  - directive: '" + directive.replace("'", "''") + "'\n").toList()));
        Process run = start(mode, work, "run", jobFile.toString());
        StopIT.awaitFileContains(work.resolve("stdout.txt"), "▶ sleep " + (seed + 5), WAIT);
        assertThat(SleepProcesses.awaitRunning(seed, 5, WAIT)).as("the job's processes run").hasSize(5);

        run.destroyForcibly(); // SIGKILL
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertNoneAliveWithin(GONE_WITHIN);
        Path second = Files.createDirectories(work.resolve("second"));
        Path nothing = Files.writeString(work.resolve("nothing.yml"), "commands:\n  - directive: 'true'\n");
        Process next = start(mode, second, "run", nothing.toString());
        assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = output(second);
        assertThat(next.exitValue()).as(output).isZero();
        assertThat(output).contains(REMOVED).contains("1 work folder (" + tmp + "/outrider-job-")
                .contains("1 log spool (" + tmp + "/outrider-job-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "v1", "off"})
    void stoppingAJobKillsEveryProcessOfIt(String mode) throws Exception {
        agent(mode, work);
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(strays()));
        awaitStrays(job);

        hub.stopJob(job);

        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("stopped");
        assertNoneAliveWithin(GONE_WITHIN);
    }

    /** @return a job's commands that leave four sleeps behind in four ways, then a fifth in the foreground */
    private String[] strays() {
        return new String[] {
            "sleep " + (seed + 1) + " &",
            "setsid sleep " + (seed + 2) + " > /dev/null 2>&1 &",
            "( (sleep " + (seed + 3) + " &) & )",
            "bash -c \"trap '' TERM; sleep " + (seed + 4) + "\" &",
            "sleep " + (seed + 5)};
    }

    private void awaitStrays(String job) throws Exception {
        hub.awaitEvents(job, lines -> lines.stream().anyMatch(l -> l.contains("\"event\":\"cmd_started\"")
                && l.contains("\"directive\":\"sleep " + (seed + 5) + "\"")), WAIT);
        assertThat(SleepProcesses.awaitRunning(seed, 5, WAIT)).as("the job's processes run").hasSize(5);
    }

    private void assertNoneAliveWithin(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> alive = SleepProcesses.of(seed);
        while (!alive.isEmpty() && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
            alive = SleepProcesses.of(seed);
        }
        assertThat(alive).as("the job's processes still alive " + timeout.toSeconds() + " s later").isEmpty();
    }

    private Process agent(String mode, Path directory) throws Exception {
        return start(mode, directory, "start", "--endpoint", hub.endpoint(), "--token", TOKEN, "--no-https");
    }

    private Process start(String mode, Path directory, String... args) throws Exception {
        if (mode.equals("v1")) {
            JobCgroups v1 = JobCgroups.detect(Map.of(JobCgroups.MODE_VARIABLE, "v1"));
            if (v1.version().isEmpty()) {
                System.out.println("JobContainmentIT: skipped with cgroup v1: " + v1.describe());
            }
            assumeTrue(v1.version().isPresent(), () -> "no writable cgroup v1 pids and freezer: " + v1.describe());
        }
        Map<String, String> environment = new HashMap<>(Map.of("OUTRIDER_JAVA_OPTS", FAST_PAUSES,
                "TMPDIR", tmp.toString()));
        environment.put(JobCgroups.MODE_VARIABLE, mode);
        Process process = Installation.start(directory, environment, args);
        started.add(process);
        return process;
    }

    private static String expectedKeeping(String mode) {
        return switch (mode) {
            case "v1" -> "cgroup v1 (pids+freezer) at ";
            case "off" -> "no cgroup (OUTRIDER_CGROUPS is 'off')";
            default -> JobCgroups.detect(Map.of()).describe();
        };
    }

    private static String awaitLogLine(Path directory, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String output = output(directory);
            int at = output.indexOf(text);
            if (at >= 0 && output.indexOf('\n', at) > 0) {
                return output.substring(at, output.indexOf('\n', at));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("'" + text + "' did not appear in the agent's output within " + WAIT + ":\n"
                        + output);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static String output(Path directory) throws Exception {
        StringBuilder output = new StringBuilder();
        for (String name : List.of("stdout.txt", "stderr.txt")) {
            Path file = directory.resolve(name);
            if (Files.exists(file)) {
                output.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return output.toString();
    }
}
