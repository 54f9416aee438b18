package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.FakeControlPlane;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job runs as the agent's user, so it can read the agent's /proc/&lt;pid&gt;/environ, cmdline and
 * descriptors: bin/outrider makes sure none of them holds the registration token, however it was given.
 */
class TokenExposureIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-n0t-f0r-j0bs";

    @BeforeEach
    void startHub() {
        startHub("linux", TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"environment", "flag", "flag=", "both"})
    void aJobCannotReadTheTokenFromItsEnvironmentNorFromTheAgentProcess(String given) throws Exception {
        Map<String, String> environment = given.equals("flag") || given.equals("flag=") ? Map.of()
                : Map.of("SEMAPHORE_AGENT_TOKEN", given.equals("both") ? "overridden-by-the-flag" : TOKEN);
        List<String> args = switch (given) {
            case "environment" -> List.of("start", "--endpoint", hub.endpoint(), "--no-https");
            case "flag=" -> List.of("start", "--endpoint", hub.endpoint(), "--token=" + TOKEN, "--no-https");
            default -> List.of("start", "--endpoint", hub.endpoint(), "--token", TOKEN, "--no-https");
        };
        Map<String, String> withPauses = new java.util.HashMap<>(environment);
        withPauses.put("OUTRIDER_JAVA_OPTS", FAST_PAUSES);
        Process agent = outrider(withPauses, args.toArray(String[]::new));
        hub.awaitRegistered(1, WAIT);
        long pid = agent.pid();

        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(
                "env",
                "tr '\\0' '\\n' < /proc/" + pid + "/environ",
                "tr '\\0' ' ' < /proc/" + pid + "/cmdline; echo",
                "readlink /proc/" + pid + "/fd/3",
                "timeout 5 cat /proc/" + pid + "/fd/3; echo descriptor read",
                "ps -eo args"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");

        String output = String.join("\n", hub.events(job));
        assertThat(output).as("the job read the agent's environment, arguments and descriptors")
                .contains("PATH=").contains("dev.outrider.cli.Main start").contains("pipe:[").contains("descriptor read");
        assertThat(output).doesNotContain(TOKEN).doesNotContain("SEMAPHORE_AGENT_TOKEN")
                .doesNotContain("overridden-by-the-flag");
        String agentLog = Files.readString(work.resolve("stderr.txt")) + Files.readString(work.resolve("stdout.txt"));
        assertThat(agentLog).doesNotContain(TOKEN);
    }
}
