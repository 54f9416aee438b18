package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.cli.StartFlags;
import dev.outrider.config.ConfigLoader.Mode;
import dev.outrider.config.JobSettings.EnvVarSetting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code outrider start}'s configuration flags, parsed by picocli as the command will. */
class StartFlagsTest {

    private static Map<String, Object> parse(String... args) {
        StartFlags flags = new StartFlags();
        CommandSpec start = CommandSpec.create().name("start");
        flags.addTo(start);
        new CommandLine(start).parseArgs(args);
        return flags.given();
    }

    @Test
    void givesNothingForNoFlagsSoThatOtherSourcesKeepTheirValues() {
        assertThat(parse()).isEmpty();
    }

    @Test
    void givesScalarsByKey() {
        assertThat(parse("--endpoint", "my-org.semaphoreci.com", "--token=s3cr3t", "--count", "2",
                "--executor", "docker", "--plugins-dir", "plugins", "--ca-file", "ca.pem", "--log-upload-timeout", "30",
                "--upload-job-logs", "always", "--job-id", "42", "--disconnect-after-idle-timeout", "60"))
                .isEqualTo(Map.of("endpoint", "my-org.semaphoreci.com", "token", "s3cr3t", "count", "2",
                        "executor", "docker", "plugins-dir", "plugins", "ca-file", "ca.pem", "log-upload-timeout", "30",
                        "upload-job-logs", "always", "job-id", "42", "disconnect-after-idle-timeout", "60"));
    }

    @Test
    void givesTheStatusAddress() {
        assertThat(parse("--status-address", "127.0.0.1:9464")).isEqualTo(Map.of("status-address", "127.0.0.1:9464"));
    }

    @Test
    void takesABooleanAloneOrWithAValueAfterEquals() {
        assertThat(parse("--no-https")).isEqualTo(Map.of("no-https", "true"));
        assertThat(parse("--no-https=true")).isEqualTo(Map.of("no-https", "true"));
        assertThat(parse("--no-https=false")).isEqualTo(Map.of("no-https", "false"));
        assertThat(parse("--no-https=0")).isEqualTo(Map.of("no-https", "false"));
        assertThat(parse("--no-https=T")).isEqualTo(Map.of("no-https", "true"));
        assertThat(parse("--no-https", "--disconnect-after-job", "--endpoint", "e"))
                .isEqualTo(Map.of("no-https", "true", "disconnect-after-job", "true", "endpoint", "e"));
    }

    @Test
    void rejectsAnotherBooleanWord() {
        assertThatThrownBy(() -> parse("--no-https=maybe"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--no-https")
                .hasMessageContaining("'maybe' is not a boolean");
    }

    @Test
    void splitsListsOnCommasAndAddsUpRepeatedFlags() {
        assertThat(parse("--env-vars", "A=1,B=2", "--env-vars", "C=3", "--files", "/a:/b,/c:/d",
                "--kubernetes-labels", "team=ci", "--kubernetes-allowed-images", "ruby:.*"))
                .isEqualTo(Map.of("env-vars", List.of("A=1", "B=2", "C=3"), "files", List.of("/a:/b", "/c:/d"),
                        "kubernetes-labels", List.of("team=ci"), "kubernetes-allowed-images", List.of("ruby:.*")));
    }

    @Test
    void keepsCommasInsideQuotedListValues() {
        assertThat(parse("--env-vars", "\"GREETING=hello, world\",B=2,\"Q=say \"\"hi\"\"\""))
                .isEqualTo(Map.of("env-vars", List.of("GREETING=hello, world", "B=2", "Q=say \"hi\"")));
    }

    @Test
    void givesAnEmptyListForAnEmptyListFlag() {
        assertThat(parse("--env-vars", "")).isEqualTo(Map.of("env-vars", List.of()));
    }

    @Test
    void hasAFlagForEveryKeyTheCommandLineMayGive() {
        Map<String, Object> flags = parse("--endpoint", "e", "--token", "t", "--no-https", "--name", "runner-001",
                "--name-from-env", "V", "--shutdown-hook-path", "s", "--pre-job-hook-path", "p", "--post-job-hook-path",
                "q", "--fail-on-pre-job-hook-error", "--source-pre-job-hook", "--disconnect-after-job", "--job-id", "j",
                "--disconnect-after-idle-timeout", "1", "--interruption-grace-period", "2", "--env-vars", "A=1",
                "--files", "/a:/b", "--fail-on-missing-files", "--upload-job-logs", "never", "--kubernetes-executor=false",
                "--kubernetes-pod-spec", "k", "--kubernetes-allowed-images", "x", "--kubernetes-pod-start-timeout", "3",
                "--kubernetes-labels", "a=b", "--kubernetes-default-image", "i", "--plugins-dir", "d", "--ca-file", "c",
                "--executor", "shell", "--count", "1", "--log-upload-timeout", "9", "--status-address", "127.0.0.1:0");

        assertThat(flags.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKey.flagKeys());
    }

    @Test
    void hasNoConfigFileFlagForTheCommandDeclaresIt() {
        assertThatThrownBy(() -> parse("--config-file", "outrider.yml"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void flagsWinOverTheEnvironmentThroughTheLoader() {
        Map<String, Object> flags = parse("--endpoint", "flag.example", "--no-https=false", "--env-vars", "A=1,B=2");

        OutriderConfig config = ConfigLoader.load(Optional.empty(), Map.of("SEMAPHORE_AGENT_ENDPOINT", "env.example",
                "SEMAPHORE_AGENT_NO_HTTPS", "true", "SEMAPHORE_AGENT_TOKEN", "t",
                "SEMAPHORE_AGENT_ENV_VARS", "C=3"), flags, Mode.START);

        assertThat(config.defaults().endpoint()).isEqualTo("flag.example");
        assertThat(config.defaults().token()).isEqualTo("t");
        assertThat(config.defaults().noHttps()).isFalse();
        assertThat(config.defaults().job().envVars())
                .containsExactly(new EnvVarSetting("A", "1"), new EnvVarSetting("B", "2"));
    }

    @Test
    void reportsABadWholeNumberAsTheLoaderDoesNamingTheFlag() {
        Map<String, Object> flags = parse("--count", "two");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), flags, Mode.RUN))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flag --count: 'count': 'two' is not a whole number");
    }
}
