package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.ConfigLoader.Mode;
import dev.outrider.config.JobSettings.EnvVarSetting;
import dev.outrider.spi.ExecutorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Semaphore's agent keys (protocol.md §12.2) in a file: every key, the defaults, and each key's checks. */
class SemaphoreKeysTest {

    /** ISRG Root X2, a public CA certificate: any real certificate will do. */
    static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIICGzCCAaGgAwIBAgIQQdKd0XLq7qeAwSxs6S+HUjAKBggqhkjOPQQDAzBPMQsw
            CQYDVQQGEwJVUzEpMCcGA1UEChMgSW50ZXJuZXQgU2VjdXJpdHkgUmVzZWFyY2gg
            R3JvdXAxFTATBgNVBAMTDElTUkcgUm9vdCBYMjAeFw0yMDA5MDQwMDAwMDBaFw00
            MDA5MTcxNjAwMDBaME8xCzAJBgNVBAYTAlVTMSkwJwYDVQQKEyBJbnRlcm5ldCBT
            ZWN1cml0eSBSZXNlYXJjaCBHcm91cDEVMBMGA1UEAxMMSVNSRyBSb290IFgyMHYw
            EAYHKoZIzj0CAQYFK4EEACIDYgAEzZvVn4CDCuwJSvMWSj5cz3es3mcFDR0HttwW
            +1qLFNvicWDEukWVEYmO6gbf9yoWHKS5xcUy4APgHoIYOIvXRdgKam7mAHf7AlF9
            ItgKbppbd9/w+kHsOdx1ymgHDB/qo0IwQDAOBgNVHQ8BAf8EBAMCAQYwDwYDVR0T
            AQH/BAUwAwEB/zAdBgNVHQ4EFgQUfEKWrt5LSDv6kviejM9ti6lyN5UwCgYIKoZI
            zj0EAwMDaAAwZQIwe3lORlCEwkSHRhtFcP9Ymd70/aTSVaYgLXTWNLxBo1BfASdW
            tL4ndQavEi51mI38AjEAi/V3bNTIZargCyzuFJ0nN6T5U6VR5CmD1/iQMVtCnwr1
            /q4AaOeMSQ+2b1tbFfLn
            -----END CERTIFICATE-----
            """;

    @TempDir
    Path folder;

    private Path config(String yaml) throws IOException {
        return Files.writeString(folder.resolve("config.yaml"), yaml);
    }

    private OutriderConfig start(String yaml) throws IOException {
        return ConfigLoader.load(Optional.of(config(yaml)), Map.of(), Map.of(), Mode.START);
    }

    @Test
    void readsASemaphoreAgentConfigurationWithEveryKey() throws Exception {
        OutriderConfig config = start("""
                name: runner-001
                name-from-env: MY_AGENT_NAME
                endpoint: my-org.semaphoreci.com
                token: s3cr3t
                no-https: true
                shutdown-hook-path: /opt/hooks/shutdown.sh
                pre-job-hook-path: /opt/hooks/pre.sh
                post-job-hook-path: /opt/hooks/post.sh
                disconnect-after-job: true
                job-id: 4f1a0c36-0000-4000-8000-000000000001
                disconnect-after-idle-timeout: 120
                interruption-grace-period: 30
                env-vars: [A=1, "B=two words"]
                files: ["/tmp/agent/file1.txt:/tmp/agent/file1.txt", /etc/ca.pem:/usr/local/ca.crt]
                fail-on-missing-files: true
                upload-job-logs: when-trimmed
                fail-on-pre-job-hook-error: true
                source-pre-job-hook: true
                kubernetes-executor: false
                kubernetes-pod-spec: my-pod-spec
                kubernetes-allowed-images: ['registry\\.example\\.com/.*', '^ruby:3']
                kubernetes-pod-start-timeout: 60
                kubernetes-labels: [team=ci, tier=build]
                kubernetes-default-image: ruby:3.3
                """);

        AgentConfig agent = config.defaults();
        assertThat(config.agents()).containsExactly(agent);
        assertThat(agent.label()).isEqualTo("agent");
        assertThat(agent.name()).isEqualTo("runner-001");
        assertThat(agent.nameFromEnv()).isEqualTo("MY_AGENT_NAME");
        assertThat(agent.endpoint()).isEqualTo("my-org.semaphoreci.com");
        assertThat(agent.token()).isEqualTo("s3cr3t");
        assertThat(agent.noHttps()).isTrue();
        assertThat(agent.shutdownHookPath()).isEqualTo("/opt/hooks/shutdown.sh");
        assertThat(agent.job()).isEqualTo(new JobSettings(
                List.of(new EnvVarSetting("A", "1"), new EnvVarSetting("B", "two words")),
                "/opt/hooks/pre.sh", "/opt/hooks/post.sh", true, true,
                List.of(new ExecutorContext.HostFile("/tmp/agent/file1.txt", "/tmp/agent/file1.txt"),
                        new ExecutorContext.HostFile("/etc/ca.pem", "/usr/local/ca.crt")), true));
        assertThat(agent.disconnectAfterJob()).isTrue();
        assertThat(agent.jobId()).isEqualTo("4f1a0c36-0000-4000-8000-000000000001");
        assertThat(agent.disconnectAfterIdleTimeout()).isEqualTo(120);
        assertThat(agent.interruptionGracePeriod()).isEqualTo(30);
        assertThat(agent.files()).containsExactly(
                new HostFile("/tmp/agent/file1.txt", "/tmp/agent/file1.txt"),
                new HostFile("/etc/ca.pem", "/usr/local/ca.crt"));
        assertThat(agent.failOnMissingFiles()).isTrue();
        assertThat(agent.uploadJobLogs()).isEqualTo(UploadJobLogs.WHEN_TRIMMED);
        assertThat(agent.kubernetes()).isEqualTo(new KubernetesSettings(false, "my-pod-spec",
                List.of("registry\\.example\\.com/.*", "^ruby:3"), 60, Map.of("team", "ci", "tier", "build"),
                "ruby:3.3"));
        assertThat(agent.kubernetes().labels().keySet()).containsExactly("team", "tier");
    }

    @Test
    void leavesOutKeysAtSemaphoresDefaults() throws Exception {
        OutriderConfig config = start("endpoint: my-org.semaphoreci.com\ntoken: s3cr3t\n");

        AgentConfig agent = config.defaults();
        assertThat(agent).isEqualTo(new AgentConfig("agent", "my-org.semaphoreci.com", "s3cr3t", false,
                Optional.empty(), "", "", "", Map.of(), 1, JobSettings.NONE, List.of(), false, "", false, "", 0, 0,
                UploadJobLogs.NEVER, new KubernetesSettings(false, "", List.of(), 300, Map.of(), "")));
        assertThat(config.pluginsDir()).isEmpty();
        assertThat(config.logSinks()).isEmpty();
        assertThat(config.logUploadTimeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void readsEachUploadJobLogsValue() throws Exception {
        assertThat(start("endpoint: e\ntoken: t\nupload-job-logs: never\n").defaults().uploadJobLogs())
                .isEqualTo(UploadJobLogs.NEVER);
        assertThat(start("endpoint: e\ntoken: t\nupload-job-logs: always\n").defaults().uploadJobLogs())
                .isEqualTo(UploadJobLogs.ALWAYS);
        assertThat(start("endpoint: e\ntoken: t\nupload-job-logs: when-trimmed\n").defaults().uploadJobLogs())
                .isEqualTo(UploadJobLogs.WHEN_TRIMMED);
        assertThat(UploadJobLogs.WHEN_TRIMMED.wireName()).isEqualTo("when-trimmed");
    }

    @Test
    void resolvesTheCaFileAgainstTheConfigurationFilesFolder() throws Exception {
        Files.createDirectories(folder.resolve("tls"));
        Files.writeString(folder.resolve("tls/ca.pem"), CERTIFICATE + CERTIFICATE);

        OutriderConfig config = start("endpoint: e\ntoken: t\nca-file: tls/ca.pem\n");

        assertThat(config.defaults().caFile()).contains(folder.toAbsolutePath().resolve("tls/ca.pem"));
    }

    @Test
    void rejectsACaFileWithoutCertificates() throws Exception {
        Files.writeString(folder.resolve("ca.pem"), "not a certificate\n");
        Path file = config("ca-file: ca.pem\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 'ca-file': ")
                .hasMessageContaining("ca.pem")
                .hasMessageContaining("give a PEM file of CA certificates");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("env-vars: [A=1, JUSTANAME]", "env-vars[1]", "JUSTANAME", "NAME=VALUE (exactly one '='"),
                Arguments.of("files: [/tmp/a]", "files[0]", "/tmp/a", "HOSTPATH:DEST"),
                Arguments.of("files: [/a:/b:/c]", "files[0]", "/a:/b:/c", "HOSTPATH:DEST"),
                Arguments.of("files: [':/b']", "files[0]", ":/b", "HOSTPATH:DEST"),
                Arguments.of("kubernetes-labels: [app]", "kubernetes-labels[0]", "app", "KEY=VALUE (exactly one '=')"),
                Arguments.of("kubernetes-labels: [a=b=c]", "kubernetes-labels[0]", "a=b=c", "KEY=VALUE"),
                Arguments.of("kubernetes-allowed-images: [ok, '(ruby']", "kubernetes-allowed-images[1]", "(ruby",
                        "not a valid regular expression"),
                Arguments.of("disconnect-after-idle-timeout: -1", "disconnect-after-idle-timeout", "-1",
                        "is negative; use 0 (no idle timeout) or more seconds"),
                Arguments.of("disconnect-after-idle-timeout: soon", "disconnect-after-idle-timeout", "soon",
                        "is not a whole number; use 0 (no idle timeout) or more seconds"),
                Arguments.of("kubernetes-pod-start-timeout: -5", "kubernetes-pod-start-timeout", "-5",
                        "is negative; use 0 or more seconds"),
                Arguments.of("interruption-grace-period: 1.5", "interruption-grace-period", "1.5",
                        "is not a whole number; use a whole number of seconds"),
                Arguments.of("interruption-grace-period: 99999999999", "interruption-grace-period", "99999999999",
                        "is too large"),
                Arguments.of("upload-job-logs: sometimes", "upload-job-logs", "sometimes",
                        "use never, always or when-trimmed"),
                Arguments.of("upload-job-logs: Always", "upload-job-logs", "Always", "use never, always or when-trimmed"),
                Arguments.of("no-https: maybe", "no-https", "maybe", "is not a boolean; use true or false"),
                Arguments.of("disconnect-after-job: 2", "disconnect-after-job", "2", "is not a boolean"),
                Arguments.of("count: 0", "count", "0", "is too small; use 1 to 100"),
                Arguments.of("count: many", "count", "many", "is not a whole number; use 1 to 100"),
                Arguments.of("count: 101", "count", "101", "is too large; use 1 to 100"),
                Arguments.of("count: 2147483647", "count", "2147483647", "is too large; use 1 to 100"),
                Arguments.of("count: 99999999999999999999", "count", "99999999999999999999", "use 1 to 100"),
                Arguments.of("status-address: 9464", "status-address", "9464", "give host:port, e.g. 127.0.0.1:9464"),
                Arguments.of("status-address: 127.0.0.1:70000", "status-address", "127.0.0.1:70000", "above 65535"),
                Arguments.of("log-upload-timeout: 0", "log-upload-timeout", "0", "use a whole number of seconds, 1 or more"),
                Arguments.of("ca-file: absent.pem", "ca-file", "absent.pem", "is not a file; give a PEM file"),
                Arguments.of("endpoint: [a, b]", "endpoint", "", "must be a string"),
                Arguments.of("kubernetes-labels: team=ci", "kubernetes-labels", "", "must be a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsABadValueNamingTheKeyTheValueAndWhatIsAccepted(String yaml, String key, String value, String accepted)
            throws Exception {
        Path file = config(yaml + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": '" + key + "': ")
                .hasMessageContaining(value.isEmpty() ? "" : "'" + value + "'")
                .hasMessageContaining(accepted);
    }

    @Test
    void rejectsADuplicateKey() throws Exception {
        Path file = config("token: a\ntoken: b\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML")
                .hasMessageContaining("token");
    }

    @Test
    void rejectsTheConfigFileKeyInsideTheFile() throws Exception {
        Path file = config("config-file: other.yaml\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'config-file': not accepted in the configuration file; give the file with"
                        + " --config-file on the command line");
    }
}
