package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.ConfigLoader.Mode;
import dev.outrider.config.JobSettings.EnvVarSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code agents:} list: agent types that take what they do not give from the top level. */
class AgentsListTest {

    @TempDir
    Path folder;

    private Path file(String yaml) throws IOException {
        return Files.writeString(folder.resolve("outrider.yml"), yaml);
    }

    private OutriderConfig start(String yaml) throws IOException {
        return ConfigLoader.load(Optional.of(file(yaml)), Map.of(), Map.of(), Mode.START);
    }

    @Test
    void makesTheTopLevelTheOnlyAgentTypeWithoutAnAgentsList() throws Exception {
        OutriderConfig config = start("endpoint: e.example\ntoken: t\nexecutor: shell\n");

        assertThat(config.agents()).containsExactly(config.defaults());
        assertThat(config.defaults().label()).isEqualTo("agent");
    }

    @Test
    void givesEachEntryTheTopLevelKeysItDoesNotOverride() throws Exception {
        OutriderConfig config = start("""
                endpoint: my-org.semaphoreci.com
                token: linux-token
                no-https: true
                executor: shell
                env-vars: [CI_RUNNER=outrider, LEVEL=top]
                disconnect-after-idle-timeout: 600
                agents:
                  - label: linux
                    count: 2
                  - label: docker
                    token: docker-token
                    executor: docker
                    executor-options: {network: host}
                    env-vars: [LEVEL=entry]
                    no-https: false
                    upload-job-logs: always
                  - {}
                """);

        assertThat(config.agents()).hasSize(3);
        AgentConfig linux = config.agents().get(0);
        assertThat(linux.label()).isEqualTo("linux");
        assertThat(linux.count()).isEqualTo(2);
        assertThat(linux.endpoint()).isEqualTo("my-org.semaphoreci.com");
        assertThat(linux.token()).isEqualTo("linux-token");
        assertThat(linux.noHttps()).isTrue();
        assertThat(linux.executor()).isEqualTo("shell");
        assertThat(linux.job().envVars()).containsExactly(new EnvVarSetting("CI_RUNNER", "outrider"),
                new EnvVarSetting("LEVEL", "top"));
        assertThat(linux.disconnectAfterIdleTimeout()).isEqualTo(600);

        AgentConfig docker = config.agents().get(1);
        assertThat(docker.label()).isEqualTo("docker");
        assertThat(docker.count()).isEqualTo(1);
        assertThat(docker.endpoint()).isEqualTo("my-org.semaphoreci.com");
        assertThat(docker.token()).isEqualTo("docker-token");
        assertThat(docker.noHttps()).isFalse();
        assertThat(docker.executor()).isEqualTo("docker");
        assertThat(docker.executorOptions()).isEqualTo(Map.of("network", "host"));
        assertThat(docker.job().envVars()).as("a list in an entry replaces the top level's")
                .containsExactly(new EnvVarSetting("LEVEL", "entry"));
        assertThat(docker.uploadJobLogs()).isEqualTo(UploadJobLogs.ALWAYS);
        assertThat(docker.disconnectAfterIdleTimeout()).isEqualTo(600);

        AgentConfig plain = config.agents().get(2);
        assertThat(plain.label()).isEqualTo("agents[2]");
        assertThat(plain).usingRecursiveComparison().ignoringFields("label").isEqualTo(config.defaults());

        assertThat(config.defaults().label()).isEqualTo("agent");
        assertThat(config.defaults().token()).isEqualTo("linux-token");
    }

    @Test
    void letsFlagsAndTheEnvironmentReachEntriesThatDoNotOverrideThem() throws Exception {
        Path file = file("""
                endpoint: file.example
                token: t
                agents:
                  - label: own-endpoint
                    endpoint: entry.example
                    count: 2
                  - label: inherits
                """);

        OutriderConfig config = ConfigLoader.load(Optional.of(file), Map.of("OUTRIDER_COUNT", "5"),
                Map.of("endpoint", "flag.example"), Mode.START);

        assertThat(config.agents()).extracting(AgentConfig::endpoint).containsExactly("entry.example", "flag.example");
        assertThat(config.agents()).extracting(AgentConfig::count).containsExactly(2, 5);
        assertThat(config.defaults().endpoint()).isEqualTo("flag.example");
    }

    @Test
    void resolvesAnEntrysCaFileAgainstTheConfigurationFilesFolder() throws Exception {
        Files.writeString(folder.resolve("ca.pem"), SemaphoreKeysTest.CERTIFICATE);

        OutriderConfig config = start("endpoint: e\ntoken: t\nagents:\n  - ca-file: ca.pem\n  - {}\n");

        assertThat(config.agents().get(0).caFile()).contains(folder.toAbsolutePath().resolve("ca.pem"));
        assertThat(config.agents().get(1).caFile()).isEmpty();
    }

    @Test
    void namesTheEntryOfABadValue() throws Exception {
        Path file = file("agents:\n  - count: 1\n  - count: 0\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'agents[1].count': '0' is too small; use 1 to 100 (how many agents of this type"
                        + " this process runs; for more, run more processes)");
        Path envVars = file("agents:\n  - env-vars: [A=1, B]\n");
        assertThatThrownBy(() -> ConfigLoader.load(envVars))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(envVars + ": 'agents[0].env-vars[1]': 'B' is not NAME=VALUE");
    }

    @Test
    void rejectsAnUnknownKeyInAnEntryListingTheAcceptedOnes() throws Exception {
        Path file = file("agents:\n  - label: a\n    executr: docker\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[0].executr': unknown key; accepted keys: artifacts, ca-file, cache, count, ")
                .hasMessageContaining(", executor, executor-options, ")
                .hasMessageContaining(", label, ")
                .hasMessageNotContaining("plugins-dir")
                .hasMessageNotContaining("agents,");
    }

    @Test
    void rejectsTopLevelOnlyKeysInAnEntry() throws Exception {
        Path file = file("agents:\n  - plugins-dir: plugins\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'agents[0].plugins-dir': accepted at the top level only, not in an entry of"
                        + " 'agents'");
    }

    @Test
    void rejectsALabelAtTheTopLevel() throws Exception {
        Path file = file("label: main\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'label': accepted in an entry of 'agents' only, not at the top level");
    }

    @Test
    void rejectsTheConfigFileKeyInAnEntry() throws Exception {
        Path file = file("agents:\n  - config-file: x.yml\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[0].config-file': not accepted in the configuration file");
    }

    @Test
    void rejectsAnAgentsKeyThatIsNotANonEmptyListOfMaps() throws Exception {
        for (String agents : List.of("[]", "linux", "{label: a}")) {
            Path file = file("agents: " + agents + "\n");
            assertThatThrownBy(() -> ConfigLoader.load(file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(file + ": 'agents': must be a list of agent types");
        }
        Path file = file("agents: [linux]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[0]': must be a map of keys");
    }

    @Test
    void rejectsTwoEntriesWithOneLabel() throws Exception {
        Path file = file("agents:\n  - label: linux\n  - label: linux\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'agents[1].label': 'linux' is the label of an earlier entry too; give each agent"
                        + " type its own label");
    }

    @Test
    void rejectsAnEmptyLabel() throws Exception {
        Path file = file("agents:\n  - label: ''\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[0].label': must not be empty");
    }
}
