package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.JobSettings.EnvVarSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @TempDir
    Path folder;

    private Path config(String yaml) throws IOException {
        return Files.writeString(folder.resolve("outrider.yml"), yaml);
    }

    private OutriderConfig load(String yaml) throws IOException {
        return ConfigLoader.load(config(yaml));
    }

    @Test
    void readsEveryKey() throws Exception {
        OutriderConfig config = load("""
                plugins-dir: /opt/outrider/plugins
                executor: shell
                executor-options:
                  shell: /bin/bash
                  retries: 3
                env-vars:
                  - A=hello
                  - "B=how are you?"
                  - "C=quotes ' quotes"
                  - D=$PATH:/etc/a
                  - EMPTY=
                pre-job-hook-path: /opt/hooks/pre.sh
                post-job-hook-path: /opt/hooks/post.sh
                fail-on-pre-job-hook-error: true
                source-pre-job-hook: true
                log-sinks:
                  - type: event-file
                    options:
                      path: /var/log/outrider/events.ndjson
                  - type: console
                """);

        assertThat(config.pluginsDir()).contains(Path.of("/opt/outrider/plugins"));
        assertThat(config.defaults().executor()).isEqualTo("shell");
        assertThat(config.defaults().executorOptions()).isEqualTo(Map.of("shell", "/bin/bash", "retries", 3));
        assertThat(config.defaults().job().envVars()).containsExactly(
                new EnvVarSetting("A", "hello"),
                new EnvVarSetting("B", "how are you?"),
                new EnvVarSetting("C", "quotes ' quotes"),
                new EnvVarSetting("D", "$PATH:/etc/a"),
                new EnvVarSetting("EMPTY", ""));
        assertThat(config.defaults().job().preJobHookPath()).isEqualTo("/opt/hooks/pre.sh");
        assertThat(config.defaults().job().postJobHookPath()).isEqualTo("/opt/hooks/post.sh");
        assertThat(config.defaults().job().failOnPreJobHookError()).isTrue();
        assertThat(config.defaults().job().sourcePreJobHook()).isTrue();
        assertThat(config.logSinks()).containsExactly(
                new LogSinkConfig("event-file", Map.of("path", "/var/log/outrider/events.ndjson")),
                new LogSinkConfig("console", Map.of()));
    }

    @Test
    void givesTheDefaultsForAnEmptyFile() throws Exception {
        assertThat(load("")).isEqualTo(OutriderConfig.DEFAULT);
        assertThat(load("# nothing configured yet\n")).isEqualTo(OutriderConfig.DEFAULT);
    }

    @Test
    void leavesOutKeysAtTheirDefaults() throws Exception {
        OutriderConfig config = load("executor: shell\n");

        assertThat(config.pluginsDir()).isEmpty();
        assertThat(config.defaults().executorOptions()).isEmpty();
        assertThat(config.defaults().job()).isEqualTo(JobSettings.NONE);
        assertThat(config.logSinks()).isEmpty();
    }

    @Test
    void resolvesARelativePluginsFolderAgainstTheConfigFilesFolder() throws Exception {
        OutriderConfig config = load("plugins-dir: extra/plugins\n");

        assertThat(config.pluginsDir()).isEqualTo(Optional.of(folder.toAbsolutePath().resolve("extra/plugins")));
    }

    @Test
    void refusesAnAliasBombNamingTheFile() throws Exception {
        Path file = config(dev.outrider.yaml.YamlTreeTest.aliasBomb(7)); // 70 aliases: 10^7 scalars once expanded

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("alias");
    }

    @Test
    void rejectsAnUnknownKeyListingTheAcceptedOnes() throws Exception {
        Path file = config("env-vars: []\nenv_vars: [A=1]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'env_vars': unknown key")
                .hasMessageContaining("accepted keys: agents, artifacts, ca-file, cache, count, disconnect-after-idle-timeout, "
                        + "disconnect-after-job, endpoint, env-vars, executor, executor-options, fail-on-missing-files, "
                        + "fail-on-pre-job-hook-error, files, interruption-grace-period, job-id, "
                        + "kubernetes-allowed-images, kubernetes-default-image, kubernetes-executor, kubernetes-labels, "
                        + "kubernetes-pod-spec, kubernetes-pod-start-timeout, log-sinks, log-upload-timeout, name, "
                        + "name-from-env, no-https, plugins-dir, post-job-hook-path, pre-job-hook-path, "
                        + "shutdown-hook-path, source-pre-job-hook, status-address, token, upload-job-logs");
    }

    @Test
    void rejectsAnUnknownKeyOfALogSink() throws Exception {
        Path file = config("log-sinks:\n  - type: console\n    option: {}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'log-sinks[0].option': unknown key")
                .hasMessageContaining("options, type");
    }

    @Test
    void rejectsAnEnvVarWithoutEqualsSignNamingItsIndex() throws Exception {
        Path file = config("env-vars: [A=1, JUSTANAME]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'env-vars[1]'")
                .hasMessageContaining("'JUSTANAME'")
                .hasMessageContaining("NAME=VALUE");
    }

    @Test
    void rejectsAnEnvVarWithTwoEqualsSignsWithoutShowingItsValue() throws Exception {
        Path file = config("env-vars: [A=1, B=2, \"TOKEN=se=cret\"]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'env-vars[2]'")
                .hasMessageContaining("TOKEN=")
                .hasMessageNotContaining("cret");
    }

    @Test
    void rejectsAnEnvVarWithoutName() throws Exception {
        Path file = config("env-vars: [\"=value\"]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'env-vars[0]'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X;touch /tmp/pwned;Y", "$(touch /tmp/pwned2)", "1A", "A B", "A-B"})
    void rejectsAnEnvVarNameThatIsNotAShellNameNamingItsIndex(String name) throws Exception {
        Path file = config("env-vars: [A=1, \"" + name + "=secret-value\"]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'env-vars[1]'")
                .hasMessageContaining("'" + name + "' is not a variable name")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void rejectsEnvVarsThatAreNotAList() throws Exception {
        Path file = config("env-vars: A=1\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'env-vars': must be a list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE", "\"true\"", "t", "T", "1", "\"1\""})
    void acceptsGosWordsForTrue(String value) throws Exception {
        OutriderConfig config = load("fail-on-pre-job-hook-error: " + value + "\nsource-pre-job-hook: " + value + "\n");

        assertThat(config.defaults().job().failOnPreJobHookError()).isTrue();
        assertThat(config.defaults().job().sourcePreJobHook()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE", "\"false\"", "f", "F", "0", "\"0\""})
    void acceptsGosWordsForFalse(String value) throws Exception {
        OutriderConfig config = load("fail-on-pre-job-hook-error: " + value + "\nsource-pre-job-hook: " + value + "\n");

        assertThat(config.defaults().job().failOnPreJobHookError()).isFalse();
        assertThat(config.defaults().job().sourcePreJobHook()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "tRUE", "\"\""})
    void rejectsOtherBooleanWordsNamingTheKey(String value) throws Exception {
        Path file = config("source-pre-job-hook: " + value + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'source-pre-job-hook'")
                .hasMessageContaining("not a boolean");
    }

    @Test
    void requiresATypeForEachLogSink() throws Exception {
        Path file = config("log-sinks:\n  - type: console\n  - options: {path: x}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'log-sinks[1].type': missing");
    }

    @Test
    void rejectsLogSinksThatAreNotAListOfMaps() throws Exception {
        Path notAList = config("log-sinks: console\n");
        assertThatThrownBy(() -> ConfigLoader.load(notAList))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'log-sinks': must be a list");

        Path notAMap = config("log-sinks: [console]\n");
        assertThatThrownBy(() -> ConfigLoader.load(notAMap))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'log-sinks[0]': must be a map");
    }

    @Test
    void rejectsSinkOptionsThatAreNotAMap() throws Exception {
        Path file = config("log-sinks:\n  - type: event-file\n    options: [a, b]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'log-sinks[0].options': must be a map");
    }

    @Test
    void rejectsExecutorOptionsThatAreNotAMap() throws Exception {
        Path file = config("executor-options: fast\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'executor-options': must be a map");
    }

    @Test
    void rejectsAListWhereAStringBelongs() throws Exception {
        Path file = config("pre-job-hook-path: [a, b]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pre-job-hook-path': must be a string");
    }

    @Test
    void rejectsAConfigurationThatIsNotAMap() throws Exception {
        Path file = config("- executor: shell\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be a map of keys");
    }

    @Test
    void reportsInvalidYaml() throws Exception {
        Path file = config("env-vars: [A=1\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML");
    }

    @Test
    void reportsAMissingFile() {
        Path file = folder.resolve("absent.yml");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no such configuration file");
    }

    @Test
    void keepsEnvVarsInTheirOrder() throws Exception {
        OutriderConfig config = load("env-vars: [Z=1, A=2, Z=3]\n");

        assertThat(config.defaults().job().envVars()).extracting(EnvVarSetting::name).containsExactly("Z", "A", "Z");
        assertThat(config.defaults().job().envVars()).extracting(EnvVarSetting::value).containsExactly("1", "2", "3");
    }
}
