package dev.outrider.job;

import dev.outrider.config.EnvVarNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.Callbacks;
import dev.outrider.protocol.JobRequest.Command;
import dev.outrider.protocol.JobRequest.Compose;
import dev.outrider.protocol.JobRequest.Container;
import dev.outrider.protocol.JobRequest.EnvVar;
import dev.outrider.protocol.JobRequest.JobFile;
import dev.outrider.protocol.JobRequest.LogTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestValidatorTest {

    private static final String SOURCE = "job.yml";

    private static JobRequest request(List<EnvVar> envVars, List<JobFile> files) {
        return request(envVars, files, Compose.NONE);
    }

    private static JobRequest request(List<EnvVar> envVars, List<JobFile> files, Compose compose) {
        return new JobRequest("", "", compose, List.of(new Command("make", "")), List.of(), List.of(), List.of(),
                envVars, files, List.of(), Callbacks.NONE, LogTarget.NONE);
    }

    private static JobRequest withFile(String mode) {
        return request(List.of(), List.of(new JobFile("a.txt", "aGVsbG8=", mode)));
    }

    @Test
    void acceptsAWellFormedRequest() {
        JobRequest request = request(
                List.of(new EnvVar("A", "aGVsbG8="), new EnvVar("EMPTY", "")),
                List.of(new JobFile("/tmp/a", "aGVsbG8=", "0644"), new JobFile("~/b", "", "600")));

        assertThatCode(() -> JobRequestValidator.validate(request, SOURCE)).doesNotThrowAnyException();
    }

    @Test
    void namesAnEnvironmentValueThatIsNotBase64() {
        JobRequest request = request(
                List.of(new EnvVar("A", "YQ=="), new EnvVar("B", "Yg=="), new EnvVar("C", "not base64")), List.of());

        assertThatThrownBy(() -> JobRequestValidator.validate(request, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: env_vars[2].value: not valid base64")
                .hasMessageContaining("base64 -w0");
    }

    @Test
    void rejectsAnEnvironmentVariableWithoutName() {
        JobRequest request = request(List.of(new EnvVar("A", "YQ=="), new EnvVar("", "YQ==")), List.of());

        assertThatThrownBy(() -> JobRequestValidator.validate(request, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: env_vars[1].name: missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+x", "+r", "+w", "+rw", "obviously broken", "", "0648", "-1", "0x1ff", "0777777777777"})
    void namesAFileModeThatIsNotOctal(String mode) {
        assertThatThrownBy(() -> JobRequestValidator.validate(withFile(mode), SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: files[0].mode: '" + mode + "' is not an octal file mode");
    }

    // A2
    @ParameterizedTest
    @ValueSource(strings = {"0600", "0644", "0777", "600", "0400", "4755", "0", "37777777777"})
    void acceptsOctalFileModes(String mode) {
        assertThatCode(() -> JobRequestValidator.validate(withFile(mode), SOURCE)).doesNotThrowAnyException();
        assertThat(JobRequestValidator.isOctalMode(mode)).isTrue();
    }

    @Test
    void rejectsModesAboveThirtyTwoBits() {
        assertThat(JobRequestValidator.isOctalMode("37777777777")).isTrue();
        assertThat(JobRequestValidator.isOctalMode("40000000000")).isFalse();
    }

    // Go: strconv.ParseUint(mode, 8, 32) takes any number of leading zeros
    @Test
    void acceptsAModeWithManyLeadingZeros() {
        assertThat(JobRequestValidator.isOctalMode("0000000000000644")).isTrue();
        assertThatCode(() -> JobRequestValidator.validate(withFile("0000000000000644"), SOURCE))
                .doesNotThrowAnyException();
    }

    @Test
    void namesFileContentThatIsNotBase64() {
        JobRequest request = request(List.of(),
                List.of(new JobFile("a", "aGVsbG8=", "0644"), new JobFile("b", "aGVsbG8", "0644")));

        assertThatThrownBy(() -> JobRequestValidator.validate(request, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: files[1].content: not valid base64");
    }

    @Test
    void rejectsAFileWithoutPath() {
        JobRequest request = request(List.of(), List.of(new JobFile("", "aGVsbG8=", "0644")));

        assertThatThrownBy(() -> JobRequestValidator.validate(request, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: files[0].path: missing");
    }

    @Test
    void checksTheEnvironmentOfContainers() {
        Compose compose = new Compose(List.of(
                new Container("main", "ruby", "", "", "", List.of(new EnvVar("A", "YQ=="))),
                new Container("db", "postgres", "", "", "", List.of(new EnvVar("PW", "%%%")))), List.of(), List.of());

        assertThatThrownBy(() -> JobRequestValidator.validate(request(List.of(), List.of(), compose), SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: compose.containers[1].env_vars[0].value: not valid base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X;touch /tmp/pwned;Y", "$(touch /tmp/pwned2)", "`id`", "A B", "A=B", "1A", "A-B", "A\nB",
        "Ａ", "A'B"})
    void rejectsAnEnvVarNameThatIsNotAShellNameNamingTheField(String name) {
        JobRequest job = request(List.of(new EnvVar("OK", "YQ=="), new EnvVar(name, "YQ==")), List.of());
        JobRequest container = request(List.of(), List.of(), new Compose(List.of(new Container("main", "ruby", "", "",
                "", List.of(new EnvVar(name, "YQ==")))), List.of(), List.of()));

        assertThatThrownBy(() -> JobRequestValidator.validate(job, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("job.yml: env_vars[1].name: '" + name + "' is not a variable name; " + EnvVarNames.RULE);
        assertThatThrownBy(() -> JobRequestValidator.validate(container, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: compose.containers[0].env_vars[0].name: '" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "_", "_A1", "abc_DEF_123", "SEMAPHORE_GIT_SHA"})
    void acceptsShellNames(String name) {
        JobRequest request = request(List.of(new EnvVar(name, "YQ==")), List.of());

        assertThatCode(() -> JobRequestValidator.validate(request, SOURCE)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "/tmp/x\u0000/y"})
    void rejectsAFilePathWithANulCharacterNamingTheField(String path) {
        JobRequest request = request(List.of(), List.of(new JobFile("ok", "", "0644"), new JobFile(path, "", "0644")));

        assertThatThrownBy(() -> JobRequestValidator.validate(request, SOURCE))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job.yml: files[1].path: contains a NUL character");
    }
}
