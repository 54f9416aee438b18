package dev.outrider.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A job as an executor sees it: decoded once by the core, immutable, without anything of the wire
 * (no callback URLs, no log or agent tokens). Lists are never {@code null}; strings are never
 * {@code null} (missing values are empty).
 *
 * <p>A value the control plane sent malformed (not valid base64) is empty here and carries the
 * reason in {@code problem}: the core fails the job's own steps that use such a value (exporting the
 * environment, injecting files) with the messages Semaphore's agent gives; an executor reports such a
 * value of its containers or registry credentials in the step that uses it.
 *
 * @param id                  the job's id
 * @param executor            the executor the job asks for ({@code ""}, {@code shell} or
 *                            {@code dockercompose} on Semaphore)
 * @param envVars             the job's environment, in the order the job gives it
 * @param files               files to create before the commands run
 * @param commands            the job's commands, run in order until the first failure
 * @param epilogueAlways      run after the commands whatever the result
 * @param epilogueOnPass      run after the "always" epilogue when the job passed
 * @param epilogueOnFail      run after the "always" epilogue when the job failed
 * @param containers          the containers of a container job; the first is the main container
 * @param registryCredentials credentials for pulling the containers' images
 * @param hostSetupCommands   commands to run on the host before the containers start
 */
public record Job(String id, String executor, List<EnvVar> envVars, List<File> files, List<Command> commands,
                  List<Command> epilogueAlways, List<Command> epilogueOnPass, List<Command> epilogueOnFail,
                  List<Container> containers, List<RegistryCredentials> registryCredentials,
                  List<Command> hostSetupCommands) {

    public Job {
        id = Objects.requireNonNullElse(id, "");
        executor = Objects.requireNonNullElse(executor, "");
        envVars = copy(envVars);
        files = copy(files);
        commands = copy(commands);
        epilogueAlways = copy(epilogueAlways);
        epilogueOnPass = copy(epilogueOnPass);
        epilogueOnFail = copy(epilogueOnFail);
        containers = copy(containers);
        registryCredentials = copy(registryCredentials);
        hostSetupCommands = copy(hostSetupCommands);
    }

    private static <T> List<T> copy(List<T> list) {
        return List.copyOf(Objects.requireNonNullElse(list, List.of()));
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

        /** The name the log shows: the alias when there is one, else the directive. */
        public String displayName() {
            return alias.isEmpty() ? directive : alias;
        }
    }

    /**
     * One environment variable.
     *
     * @param name    the variable's name, as given (the core checks it when it exports the job's variables)
     * @param value   the raw bytes of the value (need not be UTF-8); empty when {@code problem} is present
     * @param problem why the value sent could not be decoded; empty when it was
     */
    public record EnvVar(String name, byte[] value, Optional<String> problem) {
        public EnvVar {
            name = Objects.requireNonNullElse(name, "");
            value = Objects.requireNonNullElse(value, new byte[0]).clone();
            problem = Objects.requireNonNullElse(problem, Optional.empty());
        }

        /** A well-formed variable. */
        public EnvVar(String name, byte[] value) {
            this(name, value, Optional.empty());
        }

        /** @return a copy of the value's bytes */
        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EnvVar that && name.equals(that.name) && Arrays.equals(value, that.value)
                    && problem.equals(that.problem);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(value), problem);
        }

        @Override
        public String toString() {
            return "EnvVar[name=" + name + ", value=<redacted>" + problem.map(p -> ", problem=" + p).orElse("") + "]";
        }
    }

    /**
     * A file to create before the commands run.
     *
     * @param path     absolute, {@code ~}-prefixed, or relative to the job user's home
     * @param content  the file's bytes; empty when {@code problem} is present
     * @param mode     the permission text as given, such as {@code 0644} (the job log shows it)
     * @param modeBits the mode's value, as Go's {@code strconv.ParseUint(mode, 8, 32)} reads it; empty when
     *                 the mode is not an octal number that fits 32 bits (executors then log
     *                 {@code bad file permission '<mode>'})
     * @param problem  why the content sent could not be decoded; empty when it was
     */
    public record File(String path, byte[] content, String mode, OptionalLong modeBits, Optional<String> problem) {
        public File {
            path = Objects.requireNonNullElse(path, "");
            content = Objects.requireNonNullElse(content, new byte[0]).clone();
            mode = Objects.requireNonNullElse(mode, "");
            modeBits = Objects.requireNonNullElse(modeBits, OptionalLong.empty());
            problem = Objects.requireNonNullElse(problem, Optional.empty());
        }

        /** @return a copy of the file's bytes */
        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof File that && path.equals(that.path) && Arrays.equals(content, that.content)
                    && mode.equals(that.mode) && modeBits.equals(that.modeBits) && problem.equals(that.problem);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(content), mode, modeBits, problem);
        }

        @Override
        public String toString() {
            return "File[path=" + path + ", mode=" + mode + ", content=<redacted>"
                    + problem.map(p -> ", problem=" + p).orElse("") + "]";
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
     * @param envVars    the container's environment
     */
    public record Container(String name, String image, String command, String entrypoint, String user,
                            List<EnvVar> envVars) {
        public Container {
            name = Objects.requireNonNullElse(name, "");
            image = Objects.requireNonNullElse(image, "");
            command = Objects.requireNonNullElse(command, "");
            entrypoint = Objects.requireNonNullElse(entrypoint, "");
            user = Objects.requireNonNullElse(user, "");
            envVars = copy(envVars);
        }
    }

    /**
     * Registry credentials for pulling images.
     *
     * @param envVars variables such as {@code DOCKER_CREDENTIAL_TYPE}
     * @param files   files such as a GCR key file
     */
    public record RegistryCredentials(List<EnvVar> envVars, List<File> files) {
        public RegistryCredentials {
            envVars = copy(envVars);
            files = copy(files);
        }
    }
}
