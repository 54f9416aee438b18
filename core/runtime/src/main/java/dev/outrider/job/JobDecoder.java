package dev.outrider.job;

import dev.outrider.protocol.JobRequest;
import dev.outrider.spi.Job;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Turns the wire's job request into the {@link Job} executors see: the one place where the job's base64
 * values are decoded and file modes parsed. What a plugin must not see (callback URLs, the log token,
 * SSH keys of hosted agents) stays behind.
 *
 * <p>A malformed value does not stop the decoding: it becomes an empty value with the reason, so that
 * the job fails where Semaphore's agent fails it, with the same message. The job's variables and files
 * are decoded as Semaphore's agent decodes them ({@link Base64Values}: padding required, line breaks
 * ignored); container variables and registry credentials as its Docker executor did (the JDK's basic
 * decoder), so that their messages stay what they were.
 */
public final class JobDecoder {

    private JobDecoder() {
    }

    /**
     * @param request the job as the control plane (or a local job file) gives it
     * @return the job, decoded
     */
    public static Job decode(JobRequest request) {
        JobRequest.Compose compose = request.compose();
        return new Job(request.jobId(), request.executor(),
                envVars(request.envVars(), Base64Values::decode),
                files(request.files(), Base64Values::decode),
                commands(request.commands()),
                commands(request.epilogueAlwaysCommands()),
                commands(request.epilogueOnPassCommands()),
                commands(request.epilogueOnFailCommands()),
                compose.containers().stream().map(c -> new Job.Container(c.name(), c.image(), c.command(),
                        c.entrypoint(), c.user(), envVars(c.envVars(), JobDecoder::decodeStrictly))).toList(),
                compose.imagePullCredentials().stream().map(credentials -> new Job.RegistryCredentials(
                        envVars(credentials.envVars(), JobDecoder::decodeStrictly),
                        files(credentials.files(), JobDecoder::decodeStrictly))).toList(),
                commands(compose.hostSetupCommands()));
    }

    /**
     * @param mode a file mode as the job gives it
     * @return its value, as Go's {@code strconv.ParseUint(mode, 8, 32)} reads it; empty when it is not an
     *         octal number that fits 32 bits
     */
    public static OptionalLong modeBits(String mode) {
        if (mode.isEmpty()) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < mode.length(); i++) {
            if (mode.charAt(i) < '0' || mode.charAt(i) > '7') {
                return OptionalLong.empty();
            }
        }
        String digits = mode.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 11) {
            return OptionalLong.empty();
        }
        long value = Long.parseLong(digits, 8);
        return value <= 0xFFFF_FFFFL ? OptionalLong.of(value) : OptionalLong.empty();
    }

    private static List<Job.Command> commands(List<JobRequest.Command> commands) {
        return commands.stream().map(c -> new Job.Command(c.directive(), c.alias())).toList();
    }

    private static List<Job.EnvVar> envVars(List<JobRequest.EnvVar> vars, Function<String, byte[]> decoder) {
        return vars.stream().map(var -> {
            Decoded value = decode(var.value(), decoder);
            return new Job.EnvVar(var.name(), value.bytes(), value.problem());
        }).toList();
    }

    private static List<Job.File> files(List<JobRequest.JobFile> files, Function<String, byte[]> decoder) {
        return files.stream().map(file -> {
            Decoded content = decode(file.content(), decoder);
            return new Job.File(file.path(), content.bytes(), file.mode(), modeBits(file.mode()), content.problem());
        }).toList();
    }

    private static Decoded decode(String base64, Function<String, byte[]> decoder) {
        try {
            return new Decoded(decoder.apply(base64), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Decoded(new byte[0], Optional.of(String.valueOf(e.getMessage())));
        }
    }

    private static byte[] decodeStrictly(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    private record Decoded(byte[] bytes, Optional<String> problem) {
    }
}
