package dev.outrider.testkit;

import dev.outrider.job.JobDecoder;
import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.Command;
import dev.outrider.protocol.JobRequest.Compose;
import dev.outrider.protocol.JobRequest.Container;
import dev.outrider.protocol.JobRequest.EnvVar;
import dev.outrider.protocol.JobRequest.ImagePullCredentials;
import dev.outrider.protocol.JobRequest.JobFile;
import dev.outrider.spi.Job;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

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
    private final List<Container> containers = new ArrayList<>();
    private final List<ImagePullCredentials> credentials = new ArrayList<>();

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

    /**
     * Adds a container (the first is the main one) and makes this a {@code dockercompose} job.
     *
     * @param env {@code NAME=VALUE} pairs, base64-encoded for the request
     */
    public JobRequests container(String name, String image, String command, String entrypoint, String user,
                                 String... env) {
        List<EnvVar> vars = new ArrayList<>();
        for (String pair : env) {
            int equals = pair.indexOf('=');
            vars.add(new EnvVar(pair.substring(0, equals), base64(pair.substring(equals + 1))));
        }
        containers.add(new Container(name, image, command, entrypoint, user, vars));
        executor = "dockercompose";
        return this;
    }

    /** Adds a container with the image's own command and entrypoint. */
    public JobRequests container(String name, String image) {
        return container(name, image, "", "", "");
    }

    /**
     * Adds one entry of {@code compose.image_pull_credentials}.
     *
     * @param env {@code NAME=VALUE} pairs, base64-encoded for the request
     */
    public JobRequests pullCredentials(String... env) {
        List<EnvVar> vars = new ArrayList<>();
        for (String pair : env) {
            int equals = pair.indexOf('=');
            vars.add(new EnvVar(pair.substring(0, equals), base64(pair.substring(equals + 1))));
        }
        credentials.add(new ImagePullCredentials(vars, List.of()));
        return this;
    }

    /** @return the job as its executor sees it (an {@link dev.outrider.spi.ExecutorContext}'s job), decoded by the core */
    public Job buildJob() {
        return JobDecoder.decode(build());
    }

    /**
     * @return a decoded file of a job, for an executor's {@link dev.outrider.spi.JobExecutor#injectFile}; its
     *         mode is parsed as the core parses it
     */
    public static Job.File jobFile(String path, byte[] content, String mode) {
        return new Job.File(path, content, mode, JobDecoder.modeBits(mode), Optional.empty());
    }

    /** @return the job as the control plane sends it */
    public JobRequest build() {
        Compose compose = containers.isEmpty() && credentials.isEmpty() ? null
                : new Compose(containers, credentials, List.of());
        return new JobRequest(jobId, executor, compose, commands, always, onPass, onFail, envVars, files, List.of(),
                null, null);
    }

    /** @return standard base64 of the UTF-8 bytes of a value */
    public static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
