package dev.outrider.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outrider.config.JobSettings;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import dev.outrider.testkit.SleepProcesses;
import dev.outrider.toolkit.AgentInstance;
import dev.outrider.toolkit.JobCgroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell executor keeps a job's processes in the job's cgroup (v2, v1) or finds them by their tag
 * (off), and kills them all on stop; its guard holds the only other end of the agent's pipe.
 */
class JobContainmentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final int seed = 60_000 + ThreadLocalRandom.current().nextInt(900) * 10;
    private JobHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1", "off"})
    void stoppingAJobKillsItsBackgroundSetsidDoubleForkedAndTermIgnoringProcesses(String mode) throws Exception {
        JobCgroups cgroups = cgroups(mode);
        JobHarness.Running running = harness(cgroups).start(JobRequests.job()
                .command("cat /proc/self/cgroup")
                .command("sleep " + (seed + 1) + " &")
                .command("setsid sleep " + (seed + 2) + " > /dev/null 2>&1 &")
                .command("( (sleep " + (seed + 3) + " &) & )")
                .command("bash -c \"trap '' TERM; sleep " + (seed + 4) + "\" &")
                .command("sleep " + (seed + 5)).build(), JobSettings.NONE);
        await(() -> sleeps().size() == 5, "the job's five sleeps run");

        running.stop();
        JobRun run = running.await(TIMEOUT);

        assertThat(run.result()).isEqualTo(JobResult.STOPPED);
        await(() -> sleeps().isEmpty(), "none of the job's sleeps runs");
        String cgroupLine = "/outrider/" + AgentInstance.current().id() + "/" + run.processTag();
        if (cgroups.version().isPresent()) {
            assertThat(run.output()).contains(cgroupLine);
        } else {
            assertThat(run.output()).doesNotContain(cgroupLine);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1", "off"})
    void noProcessOfTheJobHoldsThePipeItsGuardWaitsOn(String mode) throws Exception {
        JobHarness.Running running = harness(cgroups(mode)).start(JobRequests.job()
                .command("sleep " + (seed + 1) + " &").command("sleep " + (seed + 2)).build(), JobSettings.NONE);
        await(() -> sleeps().size() == 2, "the job's sleeps run");
        ProcessHandle guard = guardOf(running.processTag()).orElseThrow(() -> new AssertionError("no guard runs"));
        String pipe = Files.readSymbolicLink(Path.of("/proc", Long.toString(guard.pid()), "fd", "0")).toString();
        assertThat(pipe).startsWith("pipe:");

        List<Long> holders = new ArrayList<>();
        for (long pid : pidsOf(running.processTag())) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    if (Files.readSymbolicLink(fd).toString().equals(pipe) && pid != guard.pid()) {
                        holders.add(pid);
                    }
                }
            }
        }
        running.stop();
        running.await(TIMEOUT);

        assertThat(holders).as("job processes that hold the guard's pipe " + pipe).isEmpty();
        guard.onExit().get(30, TimeUnit.SECONDS);
    }

    private JobHarness harness(JobCgroups cgroups) {
        AgentInstance agent = AgentInstance.current();
        harness = new JobHarness(new JobExecutorFactory() {
            @Override
            public String name() {
                return "shell";
            }

            @Override
            public String description() {
                return "the shell executor with the test's choice of cgroups";
            }

            @Override
            public JobExecutor create(ExecutorContext context) {
                return new ShellExecutor(context, cgroups, agent);
            }
        }, Map.of());
        return harness;
    }

    private static JobCgroups cgroups(String mode) {
        JobCgroups cgroups = JobCgroups.detect(Map.of(JobCgroups.MODE_VARIABLE, mode));
        if (!mode.equals("off") && cgroups.version().isEmpty()) {
            System.out.println("JobContainmentTest: skipped for " + mode + ": " + cgroups.describe());
            assumeTrue(false, () -> "no writable " + mode + " hierarchy: " + cgroups.describe());
        }
        return cgroups;
    }

    private static Optional<ProcessHandle> guardOf(String tag) {
        return ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(argument -> argument.contains(tag)))
                .findFirst();
    }

    /** @return the pids of the processes in whose environment the job's tag is */
    private static List<Long> pidsOf(String tag) throws IOException {
        byte[] marker = (ExecutorContext.PROCESS_TAG_VARIABLE + "=" + tag + "\0").getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    if (new String(Files.readAllBytes(entry.resolve("environ")), StandardCharsets.ISO_8859_1)
                            .contains(new String(marker, StandardCharsets.ISO_8859_1))) {
                        found.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }

    private static void await(Check condition, String what) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private List<String> sleeps() throws IOException {
        return SleepProcesses.of(seed);
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws IOException;
    }
}
