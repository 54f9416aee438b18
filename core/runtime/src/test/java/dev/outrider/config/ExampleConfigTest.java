package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.config.ConfigLoader.Mode;
import dev.outrider.config.JobSettings.EnvVarSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented example configuration of the distribution stays valid, in both of its forms. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("../../dist/src/main/dist/conf/outrider.example.yml");
    private static final String START_MARKER = "# --- agents example: start ---";
    private static final String END_MARKER = "# --- agents example: end ---";

    @TempDir
    Path folder;

    @Test
    void isAValidRunConfigurationThatExportsCiRunnerAndRunsNoHooks() {
        OutriderConfig config = ConfigLoader.load(EXAMPLE);

        assertThat(config.defaults().job().envVars()).contains(new EnvVarSetting("CI_RUNNER", "outrider"));
        assertThat(config.defaults().job().preJobHookPath()).isEmpty();
        assertThat(config.defaults().job().postJobHookPath()).isEmpty();
        assertThat(config.defaults().shutdownHookPath()).isEmpty();
        assertThat(config.defaults().executor()).isEmpty();
        assertThat(config.agents()).containsExactly(config.defaults());
    }

    @Test
    void usesThePluginsOfTheInstallationWhereverTheFileIsCopied() throws Exception {
        Path copied = Files.copy(EXAMPLE, folder.resolve("outrider.yml")); // as to /etc/outrider/

        assertThat(ConfigLoader.load(copied).pluginsDir()).isEmpty();
    }

    @Test
    void isAValidStartConfigurationInSemaphoresSingleAgentForm() {
        OutriderConfig config = ConfigLoader.load(Optional.of(EXAMPLE), Map.of(), Map.of(), Mode.START);

        assertThat(config.agents()).singleElement().extracting(AgentConfig::endpoint).isEqualTo("my-org.semaphoreci.com");
    }

    @Test
    void itsAgentsExampleIsAValidStartConfiguration() throws Exception {
        List<String> lines = new ArrayList<>();
        boolean inExample = false;
        for (String line : Files.readAllLines(EXAMPLE)) {
            if (line.equals(START_MARKER) || line.equals(END_MARKER)) {
                inExample = line.equals(START_MARKER);
            } else {
                lines.add(inExample ? line.replaceFirst("^# ", "") : line);
            }
        }
        Path uncommented = Files.write(folder.resolve("outrider.yml"), lines);

        OutriderConfig config = ConfigLoader.load(Optional.of(uncommented), Map.of(), Map.of(), Mode.START);

        assertThat(config.agents()).extracting(AgentConfig::label).containsExactly("linux-shell", "docker");
        assertThat(config.agents()).extracting(AgentConfig::count).containsExactly(2, 1);
        assertThat(config.agents()).extracting(AgentConfig::executor).containsExactly("shell", "docker");
        assertThat(config.agents().get(0).token()).isEqualTo(config.defaults().token());
        assertThat(config.agents().get(1).token()).isNotEqualTo(config.defaults().token());
    }
}
