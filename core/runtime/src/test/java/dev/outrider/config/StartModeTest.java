package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.ConfigLoader.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code outrider start} requires beyond well-formed keys, and that {@code outrider run} does not. */
class StartModeTest {

    @TempDir
    Path folder;

    private Path file(String yaml) throws IOException {
        return Files.writeString(folder.resolve("outrider.yml"), yaml);
    }

    private static OutriderConfig load(Path file, Mode mode) {
        return ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), mode);
    }

    @Test
    void requiresAnEndpointAndATokenInStartOnly() throws Exception {
        Path file = file("env-vars: [A=1]\n");

        assertThat(load(file, Mode.RUN).agents()).hasSize(1);
        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'endpoint': missing; outrider start needs the control plane's host[:port], e.g."
                        + " my-org.semaphoreci.com: give 'endpoint:' in the configuration file, SEMAPHORE_AGENT_ENDPOINT"
                        + " or --endpoint");
        Path withEndpoint = file("endpoint: my-org.semaphoreci.com\n");
        assertThatThrownBy(() -> load(withEndpoint, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(withEndpoint + ": 'token': missing; outrider start needs the agent type's"
                        + " registration token")
                .hasMessageContaining("SEMAPHORE_AGENT_TOKEN or --token");
    }

    @Test
    void acceptsAnEndpointAndATokenFromTheEnvironmentAndFlagsWithoutAFile() {
        OutriderConfig config = ConfigLoader.load(Optional.empty(), Map.of("SEMAPHORE_AGENT_TOKEN", "s3cr3t"),
                Map.of("endpoint", "my-org.semaphoreci.com"), Mode.START);

        assertThat(config.agents()).singleElement().satisfies(agent -> {
            assertThat(agent.endpoint()).isEqualTo("my-org.semaphoreci.com");
            assertThat(agent.token()).isEqualTo("s3cr3t");
        });
    }

    @Test
    void namesTheConfigurationWhenThereIsNoFile() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("token", "t"), Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration: 'endpoint': missing");
    }

    @Test
    void namesTheAgentTypeThatLacksAToken() throws Exception {
        Path file = file("""
                endpoint: my-org.semaphoreci.com
                agents:
                  - token: first
                  - label: docker
                  - token: third
                """);

        assertThat(load(file, Mode.RUN).agents()).hasSize(3);
        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[1].token' (agent type 'docker'): missing;")
                .hasMessageContaining("give 'token:' in this entry or at the top level of the configuration file,"
                        + " SEMAPHORE_AGENT_TOKEN or --token");
    }

    @Test
    void rejectsAJobIdWithoutDisconnectAfterJobInStart() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\njob-id: 1234\n");

        assertThat(load(file, Mode.RUN).defaults().jobId()).isEqualTo("1234");
        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'job-id': '1234' is only accepted together with disconnect-after-job:"
                        + " true");
    }

    @Test
    void acceptsAJobIdWithDisconnectAfterJob() throws Exception {
        OutriderConfig config = load(file("endpoint: e.example\ntoken: t\njob-id: 1234\ndisconnect-after-job: true\n"),
                Mode.START);

        assertThat(config.defaults().jobId()).isEqualTo("1234");
        assertThat(config.defaults().disconnectAfterJob()).isTrue();
    }

    @Test
    void checksJobIdAgainstTheFlagThatSetsDisconnectAfterJob() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\njob-id: 1234\n");

        OutriderConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of("disconnect-after-job", "true"),
                Mode.START);

        assertThat(config.defaults().disconnectAfterJob()).isTrue();
    }

    @Test
    void kubernetesExecutorRunsEveryJobWithTheKubernetesExecutorAndItsKeysBecomeItsOptions() throws Exception {
        Path file = file("""
                endpoint: e.example
                token: t
                kubernetes-executor: true
                kubernetes-pod-spec: decorator
                kubernetes-allowed-images: ['^registry.example/', ruby]
                kubernetes-pod-start-timeout: 120
                kubernetes-labels: [team=ci, tier=build]
                executor-options: {namespace: ci}
                """);

        AgentConfig agent = load(file, Mode.START).defaults();

        assertThat(agent.executor()).isEqualTo("kubernetes");
        assertThat(agent.executorOptions()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "namespace", "ci", "pod-spec", "decorator", "allowed-images", List.of("^registry.example/", "ruby"),
                "pod-start-timeout", 120, "labels", Map.of("team", "ci", "tier", "build")));
        assertThat(load(file("endpoint: e.example\ntoken: t\nkubernetes-executor: false\n"), Mode.START)
                .defaults().executor()).isEmpty();
    }

    @Test
    void kubernetesKeysAreUnusedOptionsOfNoOtherExecutor() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nexecutor: docker\nkubernetes-pod-spec: decorator\n");

        AgentConfig agent = load(file, Mode.START).defaults();

        assertThat(agent.executor()).isEqualTo("docker");
        assertThat(agent.executorOptions()).isEmpty();
    }

    @Test
    void kubernetesExecutorContradictingAnotherExecutorNamesBothKeys() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nexecutor: docker\nkubernetes-executor: true\n");

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'executor': 'docker' contradicts kubernetes-executor: true (" + file
                        + ": 'kubernetes-executor'), which runs every job with the kubernetes executor; remove one of them");
    }

    @Test
    void anOptionGivenByAKubernetesKeyAndByExecutorOptionsIsRefused() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nexecutor: kubernetes\nkubernetes-default-image: a\n"
                + "executor-options: {default-image: b}\n");

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'kubernetes-default-image': executor-options gives 'default-image' too;"
                        + " give it in one place");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "", "x", "a-name-longer-than-eighty-bytes-is-refused-by-the-control-plane-so-it-is-refused-here"})
    void refusesANameTheControlPlaneWouldRefuseNamingTheKey(String name) throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nagents:\n  - label: builders\n    name: '" + name + "'\n");
        if (name.isEmpty()) {
            assertThat(load(file, Mode.START).agents().get(0).name()).isEmpty(); // empty: a random name
            return;
        }

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[0].name' (agent type 'builders'): '" + name + "' must be 8 to 80"
                        + " bytes long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ci.example.com/agents/1", "/runners/1", "runner-0001", "äääääääääääääääääääääääääääääääääääääääá"})
    void acceptsNamesOfEightToEightyBytesAndUrls(String name) throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nname: '" + name + "'\n");

        assertThat(load(file, Mode.START).agents().get(0).name()).isEqualTo(name);
    }

    @Test
    void refusesANameFromTheEnvironmentThatIsUnsetOrTooShortNamingTheKeyAndVariable() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nname-from-env: RUNNER_NAME\n");

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'name-from-env': the variable 'RUNNER_NAME' it names is not set or empty");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of("RUNNER_NAME", "r1"), Map.of(), Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'name-from-env': the variable 'RUNNER_NAME' it names holds 'r1', which"
                        + " must be 8 to 80 bytes long");
        assertThat(ConfigLoader.load(Optional.of(file), Map.of("RUNNER_NAME", "runner-0001"), Map.of(), Mode.START)
                .agents()).hasSize(1);
    }

    @Test
    void rejectsANameForSeveralAgents() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nname: runner-001\ncount: 2\n");

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'name': 'runner-001' would name all 2 agents of count: 2;"
                        + " agent names must be unique: leave 'name' and 'name-from-env' empty to get random names");
    }

    @Test
    void rejectsANameFromTheEnvironmentForSeveralAgents() throws Exception {
        Path file = file("endpoint: e.example\ntoken: t\nname-from-env: HOSTNAME\ncount: 3\n");

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'name-from-env': 'HOSTNAME' would name all 3 agents");
    }

    @Test
    void rejectsOneNameForTwoAgentTypes() throws Exception {
        Path file = file("""
                endpoint: e.example
                token: t
                name: runner-001
                agents:
                  - label: first
                    name: runner-002
                  - label: second
                  - label: third
                """);

        assertThatThrownBy(() -> load(file, Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'agents[2].name' (agent type 'third'): 'runner-001' also names the"
                        + " agent of agent type 'second'; agent names must be unique");
    }

    @Test
    void acceptsSeveralAgentsWithRandomNames() throws Exception {
        OutriderConfig config = load(file("endpoint: e.example\ntoken: t\ncount: 3\n"), Mode.START);

        assertThat(config.agents()).singleElement().satisfies(agent -> {
            assertThat(agent.count()).isEqualTo(3);
            assertThat(agent.name()).isEmpty();
        });
    }
}
