package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.PluginZipBuilder;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents' lifecycle events reach a third-party plugin's log sink through the event bus. */
class AgentEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SOURCES = Path.of(System.getProperty("outrider.sample-plugin.sources",
            "src/test/sample-plugin"));

    @TempDir
    Path work;

    @Test
    void pluginSinkSeesRegistrationJobsAndShutdownOfTheAgent() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        for (Path bundled : Installation.bundledPlugins()) {
            Files.copy(bundled, plugins.resolve(bundled.getFileName()));
        }
        PluginZipBuilder.plugin("tsv-sink").sources(SOURCES)
                .compileAgainst(List.of(Installation.library("outrider-spi-"), Installation.library("pf4j-"),
                        Installation.library("jakarta.inject-api-"), Installation.library("slf4j-api-")))
                .build(plugins);
        Path tsv = work.resolve("events.tsv");
        try (FakeControlPlane hub = FakeControlPlane.start()) {
            hub.addAgentType("linux", "token-1");
            hub.nextSyncAfter(Duration.ofMillis(200));
            Path config = Files.writeString(work.resolve("agent.yml"), "endpoint: " + hub.endpoint() + "\n"
                    + "token: token-1\nno-https: true\nplugins-dir: " + plugins + "\n"
                    + "log-sinks:\n  - type: tsv-file\n    options: {path: " + tsv + "}\n");
            Process agent = Installation.start(work, "start", "--config-file", config.toString());
            try {
                AgentSnapshot registered = hub.awaitRegistered(1, WAIT).get(0);
                String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo from the agent"));
                assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");
                hub.scheduleShutdown();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(agent.exitValue()).isZero();

                String name = registered.name();
                List<String> lines = Files.readAllLines(tsv);
                assertThat(lines.stream().filter(l -> l.startsWith("agent\t")).toList()).containsExactly(
                        "agent\t" + name + "\tregistered\tagent",
                        "agent\t" + name + "\tjob-accepted\t" + job,
                        "agent\t" + name + "\tjob-reported\t" + job + "\tpassed",
                        "agent\t" + name + "\tshutting-down\tREQUESTED");
                assertThat(lines).contains("6\tcmd_output\tfrom the agent\\n");
                String prefix = "event\t" + name + "\tagent\t" + job + "\t";
                assertThat(lines.stream().filter(l -> l.startsWith("event\t")).toList()).containsExactly(
                        prefix + "job-accepted",
                        prefix + "job-started",
                        prefix + "step-started\tExporting environment variables",
                        prefix + "step-finished\tExporting environment variables\t0",
                        prefix + "step-started\tInjecting Files",
                        prefix + "step-finished\tInjecting Files\t0",
                        prefix + "step-started\techo from the agent",
                        prefix + "step-finished\techo from the agent\t0",
                        prefix + "step-started\tExporting environment variables", // SEMAPHORE_JOB_RESULT
                        prefix + "step-finished\tExporting environment variables\t0",
                        prefix + "job-finished\tpassed");
            } finally {
                agent.destroyForcibly();
            }
        }
    }
}
