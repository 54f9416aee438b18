package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.PluginZipBuilder;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import dev.outrider.testkit.SleepProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs that end abnormally, end to end: an executor plugin that throws an Error, and SIGHUP, for
 * `outrider run` and `outrider start`. Each leaves a reported result, no process and no file behind.
 */
class JobFailureIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-failures";
    private static final Path THROWING_EXECUTOR = Path.of(System.getProperty("outrider.sample-plugin.sources",
            "src/test/sample-plugin")).resolveSibling("throwing-executor");

    private Path tmp;

    @BeforeEach
    void startHubAndTemporaryFolder() throws Exception {
        startHub("linux", TOKEN);
        tmp = Files.createDirectories(work.resolve("tmp"));
    }

    private Path pluginsWithTheThrowingExecutor() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        for (Path bundled : Installation.bundledPlugins()) {
            Files.copy(bundled, plugins.resolve(bundled.getFileName()));
        }
        PluginZipBuilder.plugin("throwing-executor").sources(THROWING_EXECUTOR)
                .compileAgainst(List.of(Installation.library("outrider-spi-"), Installation.library("pf4j-")))
                .build(plugins);
        return plugins;
    }

    /** Starts bin/outrider with SIGHUP and SIGINT at their defaults (this JVM may have inherited them ignored). */
    private Process outriderWithDefaultSignals(String javaOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("perl", "-e",
                "$SIG{HUP} = 'DEFAULT'; $SIG{INT} = 'DEFAULT'; exec @ARGV or die $!", Installation.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("OUTRIDER_JAVA_OPTS", javaOptions);
        return builder.start();
    }

    private List<Path> leftInTheTemporaryFolder() throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("outrider-job-")).toList();
        }
    }

    private static void hangUp(Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor()).isZero();
    }

    @Test
    void anErrorThrownByTheExecutorFailsTheJobOfOutriderRunNamingIt() throws Exception {
        Path plugins = pluginsWithTheThrowingExecutor();
        Path job = Files.writeString(work.resolve("job.yml"), """
                commands:
                  - echo before
                  - throw-error now
                  - echo never
                """);

        Process process = Installation.start(work, java.util.Map.of("TMPDIR", tmp.toString()), "run", "--plugins-dir",
                plugins.toString(), "--executor", "throwing", "--log-file", "events.ndjson", job.toString());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("outrider run ends").isTrue();
        Result result = Result.of(process, work);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("ran: echo before").contains("Job failed inside Outrider")
                .contains("java.lang.NoClassDefFoundError: com/example/outrider/MissingClass").doesNotContain("never");
        assertThat(result.stderr()).contains("NoClassDefFoundError");
        List<String> events = Files.readAllLines(work.resolve("events.ndjson"));
        assertThat(String.join("\n", events)).contains("\"directive\":\"throw-error now\",\"exit_code\":1");
        assertThat(events.getLast()).contains("\"result\":\"failed\"");
        assertThat(leftInTheTemporaryFolder()).isEmpty();
    }

    @Test
    void anErrorThrownByTheExecutorFailsTheAgentsJobAndTheAgentTakesTheNextOne() throws Exception {
        Path config = Files.writeString(work.resolve("agent.yml"), """
                endpoint: %s
                token: %s
                no-https: true
                executor: throwing
                plugins-dir: %s
                """.formatted(hub.endpoint(), TOKEN, pluginsWithTheThrowingExecutor()));
        Process process = outriderWithDefaultSignals(FAST_PAUSES, "start", "--config-file", config.toString());
        try {
            hub.awaitRegistered(1, WAIT);
            String broken = hub.scheduleJob(FakeControlPlane.jobWithCommands("throw-error now", "echo never"));
            assertThat(hub.awaitJobFinished(broken, WAIT)).isEqualTo("failed");
            String events = String.join("\n", hub.events(broken));
            assertThat(events).contains("Job failed inside Outrider")
                    .contains("java.lang.NoClassDefFoundError: com/example/outrider/MissingClass")
                    .doesNotContain("ran: echo never");
            assertThat(hub.events(broken).getLast()).contains("\"result\":\"failed\"");

            String next = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo fine"));
            assertThat(hub.awaitJobFinished(next, WAIT)).isEqualTo("passed");
            assertThat(String.join("\n", hub.events(next))).contains("ran: echo fine");
            assertThat(process.isAlive()).isTrue();
            assertThat(Files.readString(work.resolve("stderr.txt"))).contains("NoClassDefFoundError");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sighupStopsTheJobOfOutriderRunLikeSigterm() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt(100_000, 900_000);
        Path job = Files.writeString(work.resolve("job.yml"), """
                commands:
                  - directive: setsid sleep %d &
                  - directive: sleep %d
                  - directive: echo never
                """.formatted(seed + 1, seed + 2));
        Process process = outriderWithDefaultSignals("", "run", "--log-file", "events.ndjson", job.toString());
        try {
            StopIT.awaitFileContains(work.resolve("stdout.txt"), "▶ sleep " + (seed + 2), WAIT);
            assertThat(SleepProcesses.awaitRunning(seed, 2, WAIT)).as("the job's processes run").hasSize(2);

            hangUp(process);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Result result = Result.of(process, work);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            assertThat(result.stderr()).contains("SIGHUP received, stopping the job");
            assertThat(result.stdout()).contains("Job stopped").doesNotContain("never");
            assertThat(Files.readAllLines(work.resolve("events.ndjson")).getLast()).contains("\"result\":\"stopped\"");
            assertThat(SleepProcesses.of(seed)).as("processes left behind").isEmpty();
            assertThat(leftInTheTemporaryFolder()).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sighupStopsTheAgentsJobReportsItAndDisconnects() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt(100_000, 900_000);
        Process process = outriderWithDefaultSignals(FAST_PAUSES, "start", "--endpoint", hub.endpoint(), "--token",
                TOKEN, "--no-https", "--interruption-grace-period", "0");
        try {
            AgentSnapshot agent = hub.awaitRegistered(1, WAIT).getFirst();
            String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("setsid sleep " + (seed + 1) + " &",
                    "sleep " + (seed + 2), "echo never"));
            hub.awaitEvents(job, lines -> lines.stream().anyMatch(l -> l.contains("\"event\":\"cmd_started\"")
                    && l.contains("\"directive\":\"sleep " + (seed + 2) + "\"")), WAIT);
            assertThat(SleepProcesses.awaitRunning(seed, 2, WAIT)).as("the job's processes run").hasSize(2);

            hangUp(process);
            hub.awaitDisconnected(agent.name(), WAIT);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the agent exits").isTrue();
            Result result = Result.of(process, work);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).contains("SIGHUP received");
            assertThat(hub.jobResult(job)).isEqualTo("stopped");
            assertThat(hub.events(job).getLast()).contains("\"result\":\"stopped\"");
            assertThat(SleepProcesses.of(seed)).as("processes left behind").isEmpty();
            assertThat(leftInTheTemporaryFolder()).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }
}
