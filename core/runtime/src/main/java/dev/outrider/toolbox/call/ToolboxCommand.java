package dev.outrider.toolbox.call;

import java.io.IOException;

/**
 * A toolbox command that runs in the agent for a job ({@code artifact}, {@code test-results}, ...):
 * the job's command of the same name forwards its arguments, working directory and environment
 * here, and prints what the command prints.
 */
public interface ToolboxCommand {

    /** @return the command's name in jobs, such as {@code artifact} */
    String name();

    /**
     * Runs the command.
     *
     * @param call the arguments, the job's working directory, environment and files, where to print
     * @return the exit status the job's command ends with
     * @throws IOException when the job's files or the network fail in a way the command does not report itself
     * @throws InterruptedException when the job ended meanwhile
     */
    int run(ToolboxCall call) throws IOException, InterruptedException;
}
