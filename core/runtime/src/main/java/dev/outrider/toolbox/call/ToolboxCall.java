package dev.outrider.toolbox.call;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a toolbox command by a job.
 *
 * @param command          the command's name
 * @param args             its arguments, as the job gave them
 * @param workingDirectory the calling shell's directory, absolute, in the job's file system
 * @param environment      the calling shell's exported variables (tokens among them: never log them)
 * @param files            the job's files
 * @param output           where the command prints
 * @param stdin            the calling command's standard input, asked for only when needed
 * @param context          the job and the agent type's toolbox settings
 */
public record ToolboxCall(String command, List<String> args, String workingDirectory, Map<String, String> environment,
                          JobFiles files, CallOutput output, Stdin stdin, CallContext context) {

    public ToolboxCall {
        Objects.requireNonNull(command, "command");
        args = List.copyOf(args);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(context, "context");
    }

    /** @return a variable of the calling shell, or {@code ""} when it is not set (as Go's {@code os.Getenv}) */
    public String env(String name) {
        return environment.getOrDefault(name, "");
    }

    /**
     * @param path a path as the job gave it, absolute or relative to its working directory
     * @return the absolute, normalized path in the job's file system
     */
    public String resolve(String path) {
        return Path.of(workingDirectory).resolve(path).normalize().toString();
    }

    /** @return the same call with other arguments, files and output (a command calling another one) */
    public ToolboxCall with(String otherCommand, List<String> otherArgs, JobFiles otherFiles, CallOutput otherOutput) {
        return new ToolboxCall(otherCommand, otherArgs, workingDirectory, environment, otherFiles, otherOutput, stdin, context);
    }

    /** The calling command's standard input. */
    public interface Stdin {
        /**
         * Asks the job for its standard input.
         *
         * @return the bytes, to the end of the input; the caller closes the stream
         * @throws IOException when the job does not send it
         */
        InputStream open() throws IOException, InterruptedException;
    }
}
