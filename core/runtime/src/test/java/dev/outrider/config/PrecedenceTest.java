package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.ConfigLoader.Mode;
import dev.outrider.config.JobSettings.EnvVarSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flag over environment variable over file over default (protocol.md §12.1). */
class PrecedenceTest {

    @TempDir
    Path folder;

    private Optional<Path> file(String yaml) throws IOException {
        return Optional.of(Files.writeString(folder.resolve("outrider.yml"), yaml));
    }

    private static OutriderConfig load(Optional<Path> file, Map<String, String> env, Map<String, Object> flags) {
        return ConfigLoader.load(file, env, flags, Mode.RUN);
    }

    @Test
    void takesAStringFromTheFlagThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Optional<Path> file = file("endpoint: file.example\n");
        Map<String, String> env = Map.of("SEMAPHORE_AGENT_ENDPOINT", "env.example");
        Map<String, Object> flags = Map.of("endpoint", "flag.example");

        assertThat(load(Optional.empty(), Map.of(), Map.of()).defaults().endpoint()).isEmpty();
        assertThat(load(file, Map.of(), Map.of()).defaults().endpoint()).isEqualTo("file.example");
        assertThat(load(file, env, Map.of()).defaults().endpoint()).isEqualTo("env.example");
        assertThat(load(file, env, flags).defaults().endpoint()).isEqualTo("flag.example");
        assertThat(load(Optional.empty(), Map.of(), flags).defaults().endpoint()).isEqualTo("flag.example");
    }

    @Test
    void takesABooleanFromTheFlagThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Optional<Path> file = file("no-https: true\n");

        assertThat(load(Optional.empty(), Map.of(), Map.of()).defaults().noHttps()).isFalse();
        assertThat(load(file, Map.of(), Map.of()).defaults().noHttps()).isTrue();
        assertThat(load(file, Map.of("SEMAPHORE_AGENT_NO_HTTPS", "0"), Map.of()).defaults().noHttps()).isFalse();
        assertThat(load(file, Map.of("SEMAPHORE_AGENT_NO_HTTPS", "0"), Map.of("no-https", "true")).defaults().noHttps())
                .isTrue();
        assertThat(load(file, Map.of(), Map.of("no-https", "false")).defaults().noHttps()).isFalse();
    }

    @Test
    void takesAWholeNumberFromTheFlagThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Optional<Path> file = file("disconnect-after-idle-timeout: 10\n");
        Map<String, String> env = Map.of("SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT", "20");

        assertThat(load(Optional.empty(), Map.of(), Map.of()).defaults().disconnectAfterIdleTimeout()).isZero();
        assertThat(load(file, Map.of(), Map.of()).defaults().disconnectAfterIdleTimeout()).isEqualTo(10);
        assertThat(load(file, env, Map.of()).defaults().disconnectAfterIdleTimeout()).isEqualTo(20);
        assertThat(load(file, env, Map.of("disconnect-after-idle-timeout", "30")).defaults().disconnectAfterIdleTimeout())
                .isEqualTo(30);
    }

    @Test
    void takesAListWholeFromTheFlagThenTheEnvironmentThenTheFile() throws Exception {
        Optional<Path> file = file("env-vars: [FROM=file, ONLY_IN=file]\n");
        Map<String, String> env = Map.of("SEMAPHORE_AGENT_ENV_VARS", "FROM=env");

        assertThat(load(file, Map.of(), Map.of()).defaults().job().envVars())
                .containsExactly(new EnvVarSetting("FROM", "file"), new EnvVarSetting("ONLY_IN", "file"));
        assertThat(load(file, env, Map.of()).defaults().job().envVars())
                .containsExactly(new EnvVarSetting("FROM", "env"));
        assertThat(load(file, env, Map.of("env-vars", List.of("FROM=flag", "B=2"))).defaults().job().envVars())
                .containsExactly(new EnvVarSetting("FROM", "flag"), new EnvVarSetting("B", "2"));
        assertThat(load(file, env, Map.of("env-vars", List.of())).defaults().job().envVars()).isEmpty();
    }

    @Test
    void readsOutridersOwnKeysFromOutriderVariables() throws Exception {
        Optional<Path> file = file("count: 2\nexecutor: shell\nlog-upload-timeout: 60\n");
        Map<String, String> env = Map.of("OUTRIDER_COUNT", "3", "OUTRIDER_EXECUTOR", "docker",
                "OUTRIDER_LOG_UPLOAD_TIMEOUT", "90");

        OutriderConfig fromFile = load(file, Map.of(), Map.of());
        assertThat(fromFile.defaults().count()).isEqualTo(2);
        assertThat(fromFile.defaults().executor()).isEqualTo("shell");
        assertThat(fromFile.logUploadTimeout()).isEqualTo(Duration.ofSeconds(60));

        OutriderConfig fromEnv = load(file, env, Map.of());
        assertThat(fromEnv.defaults().count()).isEqualTo(3);
        assertThat(fromEnv.defaults().executor()).isEqualTo("docker");
        assertThat(fromEnv.logUploadTimeout()).isEqualTo(Duration.ofSeconds(90));

        OutriderConfig fromFlags = load(file, env, Map.of("count", "4", "executor", "auto", "log-upload-timeout", "120"));
        assertThat(fromFlags.defaults().count()).isEqualTo(4);
        assertThat(fromFlags.defaults().executor()).isEmpty();
        assertThat(fromFlags.logUploadTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsTheStatusAddressFromTheFileTheEnvironmentAndFlagsAndLeavesItOffByDefault() throws Exception {
        Optional<Path> file = file("status-address: 127.0.0.1:9464\n");

        assertThat(load(Optional.empty(), Map.of(), Map.of()).statusAddress()).isEmpty();
        assertThat(load(file, Map.of(), Map.of()).statusAddress()).contains(new StatusAddress("127.0.0.1", 9464));
        assertThat(load(file, Map.of("OUTRIDER_STATUS_ADDRESS", "0.0.0.0:9100"), Map.of()).statusAddress())
                .contains(new StatusAddress("0.0.0.0", 9100));
        assertThat(load(file, Map.of("OUTRIDER_STATUS_ADDRESS", "0.0.0.0:9100"),
                Map.of("status-address", "[::1]:9200")).statusAddress()).contains(new StatusAddress("::1", 9200));
    }

    @Test
    void doesNotReadOutridersKeysFromSemaphoreVariables() {
        OutriderConfig config = load(Optional.empty(), Map.of("SEMAPHORE_AGENT_COUNT", "3",
                "SEMAPHORE_AGENT_PLUGINS_DIR", "/opt/plugins"), Map.of());

        assertThat(config.defaults().count()).isEqualTo(1);
        assertThat(config.pluginsDir()).isEmpty();
    }

    @Test
    void resolvesRelativePathsFromTheFileAgainstItsFolderAndOthersAgainstTheWorkingDirectory() throws Exception {
        Optional<Path> file = file("plugins-dir: from-file\n");
        Path workingDirectory = Path.of("").toAbsolutePath();

        assertThat(load(file, Map.of(), Map.of()).pluginsDir()).contains(folder.toAbsolutePath().resolve("from-file"));
        assertThat(load(file, Map.of("OUTRIDER_PLUGINS_DIR", "from-env"), Map.of()).pluginsDir())
                .contains(workingDirectory.resolve("from-env"));
        assertThat(load(file, Map.of(), Map.of("plugins-dir", "/abs/plugins")).pluginsDir())
                .contains(Path.of("/abs/plugins"));
    }

    @Test
    void splitsListsFromTheEnvironmentOnWhitespace() {
        OutriderConfig config = load(Optional.empty(), Map.of(
                "SEMAPHORE_AGENT_ENV_VARS", "  A=1 B=2,x\tC=3\n D= ",
                "SEMAPHORE_AGENT_FILES", "/a:/b /c:/d",
                "SEMAPHORE_AGENT_KUBERNETES_LABELS", "team=ci",
                "SEMAPHORE_AGENT_KUBERNETES_ALLOWED_IMAGES", "ruby:.* node:.*"), Map.of());

        assertThat(config.defaults().job().envVars()).containsExactly(new EnvVarSetting("A", "1"),
                new EnvVarSetting("B", "2,x"), new EnvVarSetting("C", "3"), new EnvVarSetting("D", ""));
        assertThat(config.defaults().files()).containsExactly(new HostFile("/a", "/b"), new HostFile("/c", "/d"));
        assertThat(config.defaults().kubernetes().labels()).isEqualTo(Map.of("team", "ci"));
        assertThat(config.defaults().kubernetes().allowedImages()).containsExactly("ruby:.*", "node:.*");
    }

    @Test
    void takesAWhitespaceOnlyListVariableAsAnEmptyList() throws Exception {
        OutriderConfig config = load(file("env-vars: [A=1]\n"), Map.of("SEMAPHORE_AGENT_ENV_VARS", "  "), Map.of());

        assertThat(config.defaults().job().envVars()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void readsGosWordsForTrueFromTheEnvironment(String value) {
        OutriderConfig config = load(Optional.empty(), Map.of("SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB", value,
                "SEMAPHORE_AGENT_FAIL_ON_PRE_JOB_HOOK_ERROR", value), Map.of());

        assertThat(config.defaults().disconnectAfterJob()).isTrue();
        assertThat(config.defaults().job().failOnPreJobHookError()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void readsGosWordsForFalseFromTheEnvironment(String value) throws Exception {
        OutriderConfig config = load(file("disconnect-after-job: true\nsource-pre-job-hook: true\n"),
                Map.of("SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB", value, "SEMAPHORE_AGENT_SOURCE_PRE_JOB_HOOK", value),
                Map.of());

        assertThat(config.defaults().disconnectAfterJob()).isFalse();
        assertThat(config.defaults().job().sourcePreJobHook()).isFalse();
    }

    @Test
    void rejectsAnotherBooleanWordNamingTheVariable() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("SEMAPHORE_AGENT_NO_HTTPS", "yes"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable SEMAPHORE_AGENT_NO_HTTPS: 'no-https': 'yes' is not a boolean;"
                        + " use true or false (1, t, T, TRUE, True, 0, f, F, FALSE and False work too)");
    }

    @Test
    void namesTheVariableOrFlagThatGaveABadValue() {
        assertThatThrownBy(() -> load(Optional.empty(),
                Map.of("SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT", "-3"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT:"
                        + " 'disconnect-after-idle-timeout': '-3' is negative; use 0 (no idle timeout) or more seconds");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("count", "zero")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag --count: 'count': 'zero' is not a whole number;"
                        + " use 1 to 100 (how many agents of this type this process runs; for more, run more processes)");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("SEMAPHORE_AGENT_ENV_VARS", "A=1 B"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable SEMAPHORE_AGENT_ENV_VARS: 'env-vars[1]': 'B' is not NAME=VALUE");
    }

    @Test
    void aFlagReplacesABadValueOfTheFileOrEnvironment() throws Exception {
        OutriderConfig config = load(file("upload-job-logs: sometimes\n"),
                Map.of("SEMAPHORE_AGENT_UPLOAD_JOB_LOGS", "often"), Map.of("upload-job-logs", "always"));

        assertThat(config.defaults().uploadJobLogs()).isEqualTo(UploadJobLogs.ALWAYS);
    }

    @Test
    void ignoresSemaphoreAgentVariablesThatAreNotKeys() {
        OutriderConfig config = load(Optional.empty(), Map.of(
                "SEMAPHORE_AGENT_LOG_LEVEL", "debug",
                "SEMAPHORE_AGENT_LOG_FILE_PATH", "/tmp/agent_log",
                "SEMAPHORE_AGENT_LOGS_COMPRESSION_SIZE", "1024",
                "SEMAPHORE_AGENT_SHUTDOWN_REASON", "IDLE",
                "SEMAPHORE_AGENT_CONFIG_FILE", "/etc/agent.yml",
                "SEMAPHORE_AGENT_LABEL", "x",
                "OUTRIDER_SOMETHING_ELSE", "y",
                "PATH", "/usr/bin"), Map.of());

        assertThat(config).isEqualTo(OutriderConfig.DEFAULT);
    }

    @Test
    void takesAnEmptyVariableAsUnset() throws Exception {
        OutriderConfig config = load(file("endpoint: file.example\ncount: 2\n"),
                Map.of("SEMAPHORE_AGENT_ENDPOINT", "", "OUTRIDER_COUNT", ""), Map.of());

        assertThat(config.defaults().endpoint()).isEqualTo("file.example");
        assertThat(config.defaults().count()).isEqualTo(2);
    }

    @Test
    void rejectsAFlagThatIsNoKey() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("agents", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flag --agents: unknown; accepted flags: --ca-file, --count, ");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("config-file", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flag --config-file: unknown");
    }
}
