package dev.outrider.spi;

import java.util.Optional;

/**
 * Runs one job's commands in one persistent session (a login shell, a container's shell, ...), so
 * that {@code cd}, {@code export}, shell functions and options carry over from one command to the
 * next. The core drives the job's lifecycle and writes its log; the executor only runs what it is
 * given and reports the bytes it sees.
 *
 * <p>All methods but {@link #stop()} are called from the job's own thread, one at a time.
 * {@link #stop()} may be called from any thread at any moment.
 */
public interface JobExecutor extends AutoCloseable {

    /**
     * Prepares and starts the job's session (Semaphore's phase B). Executors whose start-up is
     * visible in the job log (pulling images, ...) report it as steps through {@code steps}.
     *
     * @param steps runs visible steps in the job log
     * @return {@code true} when the session is ready for commands; {@code false} when starting
     *         failed and the job must end {@code failed} (the reason is in the steps it logged)
     * @throws PluginException when starting failed in a way no step reported
     * @throws InterruptedException when the job's thread was interrupted
     */
    boolean start(StepRunner steps) throws InterruptedException;

    /**
     * Runs a script in the job's session, as if typed there: it may change the session's
     * directory, environment and options for the commands after it.
     *
     * @param script shell text, possibly several lines
     * @param output where the bytes the script prints go, as they come
     * @return the script's exit status; {@code 1} when the session ended before the script did
     *         (the shell exited, or the job was stopped)
     * @throws InterruptedException when the job's thread was interrupted
     */
    int run(String script, StepOutput output) throws InterruptedException;

    /**
     * Applies environment variables to the session, silently.
     *
     * @param envFile the variables as shell text: one {@code export NAME=VALUE} line each, values
     *                already quoted for the shell (bytes, since values need not be UTF-8)
     * @return {@code 0} on success, else a non-zero status
     * @throws InterruptedException when the job's thread was interrupted
     */
    int exportEnvironment(byte[] envFile) throws InterruptedException;

    /**
     * How the log names the destination of a file to inject ({@code Injecting <path> with file mode <mode>}).
     *
     * @param path the path as the job gives it
     * @return the path to show
     */
    String describeDestination(String path);

    /**
     * Creates one file of the job where the job's commands will see it. The core passes only files
     * whose content was decoded; {@link Job.File#modeBits()} is empty for a mode that is not valid.
     *
     * @param file    the file (path and mode as given, content decoded)
     * @param output  where error messages go, one {@link StepOutput#message} each
     * @return {@code 0} when the file exists with its mode, else the exit status of the step
     * @throws InterruptedException when the job's thread was interrupted
     */
    int injectFile(Job.File file, StepOutput output) throws InterruptedException;

    /**
     * Ends the session at once and every process the job started, including background processes
     * that left the session. A {@link #run} in progress returns {@code 1}. Safe to call more than
     * once, from any thread, also before {@link #start}.
     */
    void stop();

    /**
     * Releases everything the job created (processes, containers, networks, temporary files).
     * Called once, after the job's log is complete, also after {@link #stop()}.
     */
    /**
     * The job's files as its commands see them, for the toolbox commands that run in the agent
     * ({@code artifact}, {@code test-results}, {@code sem-context}). Without it those commands fail
     * with a message that names the executor.
     *
     * @return the job's file system; empty when this executor does not offer it
     */
    default Optional<JobFiles> files() {
        return Optional.empty();
    }

    @Override
    void close();
}
