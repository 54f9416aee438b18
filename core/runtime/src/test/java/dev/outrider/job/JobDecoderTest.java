package dev.outrider.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.Callbacks;
import dev.outrider.protocol.JobRequest.Command;
import dev.outrider.protocol.JobRequest.Compose;
import dev.outrider.protocol.JobRequest.Container;
import dev.outrider.protocol.JobRequest.EnvVar;
import dev.outrider.protocol.JobRequest.ImagePullCredentials;
import dev.outrider.protocol.JobRequest.JobFile;
import dev.outrider.protocol.JobRequest.LogTarget;
import dev.outrider.spi.Job;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JobDecoderTest {

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String base64(String text) {
        return base64(text.getBytes(UTF_8));
    }

    private static JobRequest request(List<EnvVar> env, List<JobFile> files, Compose compose) {
        return new JobRequest("job-1", "dockercompose", compose,
                List.of(new Command("make test", "Tests"), new Command("echo done", "")),
                List.of(new Command("echo always", "")), List.of(new Command("echo pass", "")),
                List.of(new Command("echo fail", "")), env, files, List.of("ssh-rsa AAAA"),
                new Callbacks("https://hub/finished", "https://hub/teardown", "callback-secret"),
                new LogTarget("push", "https://hub/logs", "log-secret", 0));
    }

    @Test
    void decodesEveryFieldOnceAndKeepsTheirOrder() {
        byte[] latin1 = {(byte) 0xE9, 'a'};
        Compose compose = new Compose(
                List.of(new Container("main", "ruby:3", "sleep 1", "/bin/sh -c", "1000",
                        List.of(new EnvVar("DB", base64("postgres")))),
                        new Container("db", "postgres:16", "", "", "", List.of())),
                List.of(new ImagePullCredentials(List.of(new EnvVar("DOCKER_CREDENTIAL_TYPE", base64("GCR"))),
                        List.of(new JobFile("/tmp/gcr/keyfile.json", base64("{}"), "0600")))),
                List.of(new Command("docker info", "")));

        Job job = JobDecoder.decode(request(
                List.of(new EnvVar("Z", base64("last")), new EnvVar("A", base64(latin1))),
                List.of(new JobFile("~/.ssh/id", base64("key\n"), "0600")), compose));

        assertThat(job.id()).isEqualTo("job-1");
        assertThat(job.executor()).isEqualTo("dockercompose");
        assertThat(job.envVars()).containsExactly(new Job.EnvVar("Z", "last".getBytes(UTF_8)),
                new Job.EnvVar("A", latin1));
        assertThat(job.files()).containsExactly(new Job.File("~/.ssh/id", "key\n".getBytes(UTF_8), "0600",
                OptionalLong.of(0600), Optional.empty()));
        assertThat(job.commands()).containsExactly(new Job.Command("make test", "Tests"), new Job.Command("echo done", ""));
        assertThat(job.commands().getFirst().displayName()).isEqualTo("Tests");
        assertThat(job.epilogueAlways()).containsExactly(new Job.Command("echo always", ""));
        assertThat(job.epilogueOnPass()).containsExactly(new Job.Command("echo pass", ""));
        assertThat(job.epilogueOnFail()).containsExactly(new Job.Command("echo fail", ""));
        assertThat(job.containers()).containsExactly(
                new Job.Container("main", "ruby:3", "sleep 1", "/bin/sh -c", "1000",
                        List.of(new Job.EnvVar("DB", "postgres".getBytes(UTF_8)))),
                new Job.Container("db", "postgres:16", "", "", "", List.of()));
        assertThat(job.registryCredentials()).containsExactly(new Job.RegistryCredentials(
                List.of(new Job.EnvVar("DOCKER_CREDENTIAL_TYPE", "GCR".getBytes(UTF_8))),
                List.of(new Job.File("/tmp/gcr/keyfile.json", "{}".getBytes(UTF_8), "0600", OptionalLong.of(0600),
                        Optional.empty()))));
        assertThat(job.hostSetupCommands()).containsExactly(new Job.Command("docker info", ""));
    }

    @Test
    void leavesTheWiresTokensAndUrlsBehind() {
        Job job = JobDecoder.decode(request(List.of(), List.of(), null));

        assertThat(job.toString()).doesNotContain("secret", "https://hub", "ssh-rsa");
    }

    @Test
    void keepsAMalformedJobValueEmptyWithTheReasonTheExportAndInjectionStepsReport() {
        Job job = JobDecoder.decode(request(List.of(new EnvVar("A", "%%%"), new EnvVar("B", base64("ok"))),
                List.of(new JobFile("f", "not base64!", "0644"), new JobFile("g", "aGk=\n", "0644")), null));

        assertThat(job.envVars().get(0).problem()).contains("illegal character '%' at position 0");
        assertThat(job.envVars().get(0).value()).isEmpty();
        assertThat(job.envVars().get(1).problem()).isEmpty();
        assertThat(job.files().get(0).problem()).contains("illegal character ' ' at position 3");
        assertThat(job.files().get(1).content()).isEqualTo("hi".getBytes(UTF_8)); // line breaks ignored, as Semaphore
    }

    @Test
    void decodesContainerAndCredentialValuesAsTheDockerExecutorDidAndKeepsTheJdksReason() {
        Compose compose = new Compose(List.of(new Container("main", "ruby", "", "", "", List.of(new EnvVar("X", "%%")))),
                List.of(new ImagePullCredentials(List.of(new EnvVar("DOCKER_URL", "%%")), List.of())), List.of());

        Job job = JobDecoder.decode(request(List.of(), List.of(), compose));

        assertThat(job.containers().getFirst().envVars().getFirst().problem())
                .contains("Illegal base64 character 25");
        assertThat(job.registryCredentials().getFirst().envVars().getFirst().problem()).isPresent();
    }

    @Test
    void parsesFileModesAsGoAndLeavesABadModeEmptyForTheExecutorToReport() {
        assertThat(JobDecoder.modeBits("0644")).hasValue(0644);
        assertThat(JobDecoder.modeBits("0000000000000640")).hasValue(0640);
        assertThat(JobDecoder.modeBits("37777777777")).hasValue(0xFFFF_FFFFL);
        assertThat(JobDecoder.modeBits("40000000000")).isEmpty();
        assertThat(JobDecoder.modeBits("obviously broken")).isEmpty();
        assertThat(JobDecoder.modeBits("")).isEmpty();
        assertThat(JobDecoder.decode(request(List.of(), List.of(new JobFile("f", "", "+x")), null)).files().getFirst()
                .modeBits()).isEmpty();
    }

    @Test
    void redactsValuesAndContentWhenPrinted() {
        Job job = JobDecoder.decode(request(List.of(new EnvVar("TOKEN", base64("s3cr3t"))),
                List.of(new JobFile("f", base64("s3cr3t"), "0600")), null));

        assertThat(job.toString()).doesNotContain("s3cr3t").contains("TOKEN", "<redacted>");
    }
}
