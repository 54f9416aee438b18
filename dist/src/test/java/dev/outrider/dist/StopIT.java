package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.SleepProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping `outrider run` with a signal: the job ends stopped and leaves no process behind. */
class StopIT {

    @TempDir
    Path work;

    @Test
    void sigtermStopsTheJobWithExit130AndKillsEveryProcessItStarted() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt(100_000, 900_000);
        Path job = Files.writeString(work.resolve("job.yml"), """
                commands:
                  - directive: setsid sleep %d &
                  - directive: nohup sleep %d >/dev/null 2>&1 &
                  - directive: (setsid bash -c 'sleep %d & sleep %d' &)
                  - directive: echo ready
                  - directive: sleep %d
                  - directive: echo never
                epilogue_always_commands:
                  - directive: echo never
                """.formatted(seed + 1, seed + 2, seed + 3, seed + 4, seed + 5));
        Process outrider = Installation.start(work, "run", "--log-file", "events.ndjson", job.toString());
        awaitFileContains(work.resolve("stdout.txt"), "▶ sleep " + (seed + 5), Duration.ofSeconds(60));
        assertThat(SleepProcesses.awaitRunning(seed, 5, Duration.ofSeconds(60))).as("the job's processes run").hasSize(5);

        outrider.destroy(); // SIGTERM
        assertThat(outrider.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Result result = Result.of(outrider, work);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
        assertThat(result.stdout()).contains("Job stopped").doesNotContain("never");
        assertThat(result.stderr()).contains("SIGTERM received, stopping the job");
        List<String> events = Files.readAllLines(work.resolve("events.ndjson"));
        assertThat(events.get(events.size() - 2)).contains("\"directive\":\"sleep " + (seed + 5) + "\",\"exit_code\":1");
        assertThat(events.getLast()).contains("\"result\":\"stopped\"");
        assertThat(SleepProcesses.of(seed)).as("processes left behind").isEmpty();
    }

    @Test
    void sigintStopsTheJobToo() throws Exception {
        Path job = Files.writeString(work.resolve("job.yml"), """
                commands:
                  - directive: sleep 120
                """);
        // A process started in the background by a non-interactive shell (as CI may start this
        // build) inherits SIGINT ignored, and the JVM keeps ignored signals ignored: start
        // Outrider with SIGINT at its default, as from a terminal.
        ProcessBuilder builder = new ProcessBuilder("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!",
                Installation.launcher().toString(), "run", job.toString()).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        Process outrider = builder.start();
        awaitFileContains(work.resolve("stdout.txt"), "▶ sleep 120", Duration.ofSeconds(60));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(outrider.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(outrider.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Result result = Result.of(outrider, work);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
        assertThat(result.stderr()).contains("SIGINT received, stopping the job");
        assertThat(result.stdout()).contains("Job stopped");
    }

    @Test
    void backgroundProcessesEndWithAFinishedJob() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt(100_000, 900_000);
        Path job = Files.writeString(work.resolve("job.yml"), """
                commands:
                  - directive: setsid sleep %d &
                  - directive: nohup sleep %d >/dev/null 2>&1 &
                  - directive: 'false'
                """.formatted(seed + 1, seed + 2));
        Result result = Installation.run(work, "run", job.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(SleepProcesses.of(seed)).as("processes left behind").isEmpty();
    }


    static void awaitFileContains(Path file, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' did not appear in " + file + " within " + timeout + ":\n"
                        + (Files.exists(file) ? Files.readString(file) : "(no file)"));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
