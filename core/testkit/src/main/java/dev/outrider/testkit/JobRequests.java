package dev.outrider.testkit;

import dev.outrider.spi.JobRequest;
import dev.outrider.spi.JobRequest.Command;
import dev.outrider.spi.JobRequest.EnvVar;
import dev.outrider.spi.JobRequest.JobFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Builds job requests for tests: {@code JobRequests.job().command("echo hi").build()}. */
public final class JobRequests {

    private String jobId = "test-job";
    private String executor = "";
    private final List<Command> commands = new ArrayList<>();
    private final List<Command> always = new ArrayList<>();
    private final List<Command> onPass = new ArrayList<>();
    private final List<Command> onFail = new ArrayList<>();
    private final List<EnvVar> envVars = new ArrayList<>();
    private final List<JobFile> files = new ArrayList<>();

    private JobRequests() {
    }

    /** @return a new, empty job */
    public static JobRequests job() {
        return new JobRequests();
    }

    public JobRequests id(String id) {
        this.jobId = id;
        return this;
    }

    public JobRequests executor(String executor) {
        this.executor = executor;
        return this;
    }

    public JobRequests command(String directive) {
        commands.add(new Command(directive, ""));
        return this;
    }

    public JobRequests aliased(String directive, String alias) {
        commands.add(new Command(directive, alias));
        return this;
    }

    public JobRequests epilogueAlways(String directive) {
        always.add(new Command(directive, ""));
        return this;
    }

    public JobRequests epilogueOnPass(String directive) {
        onPass.add(new Command(directive, ""));
        return this;
    }

    public JobRequests epilogueOnFail(String directive) {
        onFail.add(new Command(directive, ""));
        return this;
    }

    /** Adds a variable; the value is base64-encoded here. */
    public JobRequests env(String name, String value) {
        envVars.add(new EnvVar(name, base64(value)));
        return this;
    }

    /** Adds a variable whose value is given already encoded (or broken on purpose). */
    public JobRequests rawEnv(String name, String base64Value) {
        envVars.add(new EnvVar(name, base64Value));
        return this;
    }

    /** Adds a file; the content is base64-encoded here. */
    public JobRequests file(String path, String content, String mode) {
        files.add(new JobFile(path, base64(content), mode));
        return this;
    }

    /** Adds a file whose content is given already encoded (or broken on purpose). */
    public JobRequests rawFile(String path, String base64Content, String mode) {
        files.add(new JobFile(path, base64Content, mode));
        return this;
    }

    public JobRequest build() {
        return new JobRequest(jobId, executor, null, commands, always, onPass, onFail, envVars, files, List.of(),
                null, null);
    }

    /** @return standard base64 of the UTF-8 bytes of a value */
    public static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
