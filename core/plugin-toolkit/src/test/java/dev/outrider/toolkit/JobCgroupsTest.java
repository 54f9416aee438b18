package dev.outrider.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Job cgroups against the real kernel: skipped, with the reason printed, where no hierarchy is writable. */
class JobCgroupsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** a shell that leaves four sleeps behind in every way a job can: background, new session, double fork, TERM ignored */
    private static final String STRAYS = "sleep %1$d & setsid sleep %2$d & ( (sleep %3$d &) & ); "
            + "bash -c \"trap '' TERM; sleep %4$d\" & echo started; wait";

    private final List<Process> started = new ArrayList<>();
    private final List<JobCgroup> created = new ArrayList<>();
    private final long seed = 70_000 + ProcessHandle.current().pid() % 1000 * 10 + System.nanoTime() % 10 * 10_000;

    @AfterEach
    void killStrays() {
        started.forEach(Process::destroyForcibly);
        for (JobCgroup job : created) {
            job.killAndRemove();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1"})
    void killsEveryProcessOfTheJobHoweverItLeftTheShell(String mode) throws Exception {
        JobCgroups cgroups = usable(mode);
        JobCgroup job = create(cgroups, AgentInstance.current(), "test-" + seed);
        List<Long> sleeps = startStrays(job);

        job.killAndRemove();

        await(() -> !anyRuns(sleeps), "no sleep runs");
        assertThat(job.directories()).noneMatch(Files::exists);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1"})
    void theGuardScriptKillsTheJobAndRemovesItsCgroup(String mode) throws Exception {
        JobCgroups cgroups = usable(mode);
        JobCgroup job = create(cgroups, AgentInstance.current(), "test-" + seed);
        List<Long> sleeps = startStrays(job);

        Process script = new ProcessBuilder("/bin/sh", "-c", job.killScript()).inheritIO().start();

        assertThat(script.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await(() -> !anyRuns(sleeps), "no sleep runs");
        assertThat(job.directories()).noneMatch(Files::exists);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1"})
    void removesTheCgroupsOfDeadAgentsOnlyAndKillsWhatIsInThem(String mode) throws Exception {
        JobCgroups cgroups = usable(mode);
        Process deadAgent = new ProcessBuilder("true").start();
        deadAgent.waitFor();
        AgentInstance dead = new AgentInstance(deadAgent.pid(), 1);
        JobCgroup left = create(cgroups, dead, "left-" + seed);
        JobCgroup live = create(cgroups, AgentInstance.current(), "live-" + seed);
        List<Long> leftSleeps = startStrays(left);
        start(live.wrap(List.of("sleep", Long.toString(seed + 5))));
        await(() -> sleepsIn(live).size() == 1, "the live agent's sleep runs");

        List<Path> removed = cgroups.removeLeftovers();

        assertThat(removed).contains(left.directories().getFirst()).doesNotContain(live.directories().getFirst());
        await(() -> !anyRuns(leftSleeps), "the dead agent's sleeps run no more");
        assertThat(left.directories()).noneMatch(Files::exists);
        assertThat(left.directories().getFirst().getParent()).doesNotExist();
        assertThat(live.pids()).hasSize(1);
        live.killAndRemove();
    }

    @Test
    void offAndUnknownModesKeepJobsOutOfCgroupsAndSayWhy() {
        assertThat(JobCgroups.detect(Map.of(JobCgroups.MODE_VARIABLE, "off")).version()).isEmpty();
        JobCgroups unknown = JobCgroups.detect(Map.of(JobCgroups.MODE_VARIABLE, "v3"));
        assertThat(unknown.version()).isEmpty();
        assertThat(unknown.describe()).contains("OUTRIDER_CGROUPS is 'v3'; expected auto, v2, v1 or off");
    }

    @Test
    void noMountedHierarchyMeansNoCgroups() {
        JobCgroups none = JobCgroups.detect("auto", List.of(
                "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw"));
        assertThat(none.version()).isEmpty();
        assertThat(none.describe()).contains("no cgroup2 is mounted").contains("no cgroup v1 pids hierarchy is mounted");
    }

    @Test
    void anAgentIsAliveWhileItsProcessRunsAndNotWhenItsPidWasReused() throws Exception {
        AgentInstance self = AgentInstance.current();
        assertThat(self.isAlive()).isTrue();
        assertThat(AgentInstance.parse(self.id())).contains(self);
        assertThat(new AgentInstance(self.pid(), self.startTime() + 1).isAlive()).isFalse();
        assertThat(AgentInstance.parse("outrider")).isEmpty();
    }

    private static JobCgroups usable(String mode) {
        JobCgroups cgroups = JobCgroups.detect(Map.of(JobCgroups.MODE_VARIABLE, mode));
        if (cgroups.version().isEmpty()) {
            System.out.println("JobCgroupsTest: skipped for " + mode + ": " + cgroups.describe());
        }
        assumeTrue(cgroups.version().isPresent(), () -> "no writable " + mode + " hierarchy: " + cgroups.describe());
        return cgroups;
    }

    private JobCgroup create(JobCgroups cgroups, AgentInstance agent, String tag) throws IOException {
        JobCgroup job = cgroups.create(agent, tag);
        created.add(job);
        return job;
    }

    /** @return the four sleeps the strays left in the cgroup, once they run */
    private List<Long> startStrays(JobCgroup job) throws Exception {
        start(job.wrap(List.of("bash", "-c", STRAYS.formatted(seed + 1, seed + 2, seed + 3, seed + 4))));
        await(() -> sleepsIn(job).size() == 4, "four sleeps run in the cgroup");
        return sleepsIn(job);
    }

    private void start(List<String> command) throws IOException {
        started.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** @return the sleeps in a cgroup */
    private static List<Long> sleepsIn(JobCgroup job) {
        return job.pids().stream().filter(pid -> command(pid).startsWith("sleep")).toList();
    }

    /** @return whether any of the processes runs (a zombie does not) */
    private static boolean anyRuns(List<Long> pids) {
        return pids.stream().anyMatch(pid -> !command(pid).isEmpty() && !state(pid).equals("Z"));
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }
}
