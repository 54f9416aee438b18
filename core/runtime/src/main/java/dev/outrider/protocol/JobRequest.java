package dev.outrider.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A job as Semaphore's control plane sends it ({@code GET /jobs/{id}}), or as a local job file
 * gives it: the wire model, which never reaches a plugin ({@code JobDecoder} turns it into the
 * {@link dev.outrider.spi.Job} executors see). Lists are never {@code null}; strings are never {@code null} (missing values are
 * empty). Values of {@link EnvVar} and {@link JobFile} content stay base64-encoded as on the wire.
 *
 * @param jobId                  the job's id
 * @param executor               the executor the request asks for ({@code ""}, {@code shell} or
 *                               {@code dockercompose} on Semaphore)
 * @param compose                containers and registry credentials for container executors
 * @param commands               the job's commands, run in order until the first failure
 * @param epilogueAlwaysCommands run after the commands whatever the result
 * @param epilogueOnPassCommands run after the "always" epilogue when the job passed
 * @param epilogueOnFailCommands run after the "always" epilogue when the job failed
 * @param envVars                the job's environment
 * @param files                  files to create before the commands run
 * @param sshPublicKeys          base64 {@code authorized_keys} lines (not used by self-hosted executors)
 * @param callbacks              pull-mode callbacks (hosted agents only)
 * @param logger                 where and how the job's log goes
 */
public record JobRequest(
        String jobId,
        String executor,
        Compose compose,
        List<Command> commands,
        List<Command> epilogueAlwaysCommands,
        List<Command> epilogueOnPassCommands,
        List<Command> epilogueOnFailCommands,
        List<EnvVar> envVars,
        List<JobFile> files,
        List<String> sshPublicKeys,
        Callbacks callbacks,
        LogTarget logger) {

    public JobRequest {
        jobId = Objects.requireNonNullElse(jobId, "");
        executor = Objects.requireNonNullElse(executor, "");
        compose = Objects.requireNonNullElse(compose, Compose.NONE);
        commands = List.copyOf(Objects.requireNonNullElse(commands, List.of()));
        epilogueAlwaysCommands = List.copyOf(Objects.requireNonNullElse(epilogueAlwaysCommands, List.of()));
        epilogueOnPassCommands = List.copyOf(Objects.requireNonNullElse(epilogueOnPassCommands, List.of()));
        epilogueOnFailCommands = List.copyOf(Objects.requireNonNullElse(epilogueOnFailCommands, List.of()));
        envVars = List.copyOf(Objects.requireNonNullElse(envVars, List.of()));
        files = List.copyOf(Objects.requireNonNullElse(files, List.of()));
        sshPublicKeys = List.copyOf(Objects.requireNonNullElse(sshPublicKeys, List.of()));
        callbacks = Objects.requireNonNullElse(callbacks, Callbacks.NONE);
        logger = Objects.requireNonNullElse(logger, LogTarget.NONE);
    }

    /**
     * A command of the job.
     *
     * @param directive shell text, possibly several lines
     * @param alias     the display name, or {@code ""}
     */
    public record Command(String directive, String alias) {
        public Command {
            directive = Objects.requireNonNullElse(directive, "");
            alias = Objects.requireNonNullElse(alias, "");
        }
    }

    /**
     * One environment variable.
     *
     * @param name  the variable's name (not validated, as on Semaphore)
     * @param value standard base64 (RFC 4648 §4, padded) of the raw value bytes
     */
    public record EnvVar(String name, String value) {
        public EnvVar {
            name = Objects.requireNonNullElse(name, "");
            value = Objects.requireNonNullElse(value, "");
        }

        @Override
        public String toString() {
            return "EnvVar[name=" + name + ", value=<redacted>]";
        }
    }

    /**
     * A file to create before the commands run.
     *
     * @param path    absolute, {@code ~}-prefixed, or relative to the job user's home
     * @param content standard base64 of the file's bytes
     * @param mode    an octal permission string such as {@code 0644}
     */
    public record JobFile(String path, String content, String mode) {
        public JobFile {
            path = Objects.requireNonNullElse(path, "");
            content = Objects.requireNonNullElse(content, "");
            mode = Objects.requireNonNullElse(mode, "");
        }

        @Override
        public String toString() {
            return "JobFile[path=" + path + ", mode=" + mode + ", content=<redacted>]";
        }
    }

    /**
     * Containers of a container job; the first one is the main container where commands run.
     *
     * @param containers            the containers
     * @param imagePullCredentials  registry credentials
     * @param hostSetupCommands     commands run on the host before the containers start
     */
    public record Compose(List<Container> containers, List<ImagePullCredentials> imagePullCredentials,
                          List<Command> hostSetupCommands) {
        /** No containers at all. */
        public static final Compose NONE = new Compose(List.of(), List.of(), List.of());

        public Compose {
            containers = List.copyOf(Objects.requireNonNullElse(containers, List.of()));
            imagePullCredentials = List.copyOf(Objects.requireNonNullElse(imagePullCredentials, List.of()));
            hostSetupCommands = List.copyOf(Objects.requireNonNullElse(hostSetupCommands, List.of()));
        }
    }

    /**
     * One container of a container job.
     *
     * @param name       the name other containers reach it by
     * @param image      the image reference
     * @param command    the command, or {@code ""} for the image's default
     * @param entrypoint the entrypoint, or {@code ""} for the image's default
     * @param user       the user, or {@code ""} for the image's default
     * @param envVars    the container's environment (values base64 as for the job)
     */
    public record Container(String name, String image, String command, String entrypoint, String user,
                            List<EnvVar> envVars) {
        public Container {
            name = Objects.requireNonNullElse(name, "");
            image = Objects.requireNonNullElse(image, "");
            command = Objects.requireNonNullElse(command, "");
            entrypoint = Objects.requireNonNullElse(entrypoint, "");
            user = Objects.requireNonNullElse(user, "");
            envVars = List.copyOf(Objects.requireNonNullElse(envVars, List.of()));
        }
    }

    /**
     * Registry credentials for pulling images.
     *
     * @param envVars variables such as {@code DOCKER_CREDENTIAL_TYPE} (values base64)
     * @param files   files such as a GCR key file
     */
    public record ImagePullCredentials(List<EnvVar> envVars, List<JobFile> files) {
        public ImagePullCredentials {
            envVars = List.copyOf(Objects.requireNonNullElse(envVars, List.of()));
            files = List.copyOf(Objects.requireNonNullElse(files, List.of()));
        }
    }

    /**
     * Pull-mode callbacks (hosted agents only; self-hosted jobs never call them).
     *
     * @param finished          URL called with the result
     * @param teardownFinished  URL called after teardown
     * @param token             bearer token for both
     */
    public record Callbacks(String finished, String teardownFinished, String token) {
        /** No callbacks. */
        public static final Callbacks NONE = new Callbacks("", "", "");

        public Callbacks {
            finished = Objects.requireNonNullElse(finished, "");
            teardownFinished = Objects.requireNonNullElse(teardownFinished, "");
            token = Objects.requireNonNullElse(token, "");
        }

        @Override
        public String toString() {
            return "Callbacks[finished=" + finished + ", teardownFinished=" + teardownFinished + ", token=<redacted>]";
        }
    }

    /**
     * Where the job's log goes.
     *
     * @param method         {@code push} (self-hosted: the agent posts events to {@code url}) or {@code pull}
     * @param url            the log endpoint for {@code push}
     * @param token          the job's log-stream token
     * @param maxSizeInBytes the size limit of a pulled log (pull mode only)
     */
    public record LogTarget(String method, String url, String token, long maxSizeInBytes) {
        /** No log target: a local run. */
        public static final LogTarget NONE = new LogTarget("", "", "", 0);

        public LogTarget {
            method = Objects.requireNonNullElse(method, "");
            url = Objects.requireNonNullElse(url, "");
            token = Objects.requireNonNullElse(token, "");
        }

        @Override
        public String toString() {
            return "LogTarget[method=" + method + ", url=" + url + ", token=<redacted>, maxSizeInBytes=" + maxSizeInBytes + "]";
        }
    }
}
