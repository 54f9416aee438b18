package dev.outrider.shell;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import dev.outrider.toolkit.TerminalSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent {@code bash --login} in a pseudo-terminal, where a job's commands run one after the
 * other (job.md §5). Each command is written to a file that the shell sources between a start and
 * an end marker; the end marker carries the exit status ({@link TerminalSession}).
 *
 * <p>{@link #run} is called from the job's thread; {@link #kill} from any thread.
 */
final class ShellSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSession.class);
    /** The job's shell. */
    static final List<String> BASH = List.of("bash", "--login");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PtyProcess process;
    private final OutputStream terminal;
    private final Path commandFile;
    private final TerminalSession session;
    private final Optional<PtyReader> ptyReader;
    private final Thread reader;

    private ShellSession(PtyProcess process, Path commandFile) {
        this.process = process;
        this.terminal = process.getOutputStream();
        this.commandFile = commandFile;
        this.session = new TerminalSession("bash --login", this::type);
        this.ptyReader = PtyReader.of(process);
        Runnable read = ptyReader.<Runnable>map(pty -> () -> session.readFrom(pty, pty::translatesNewlines))
                .orElse(() -> session.readFrom(process.getInputStream()));
        this.reader = Thread.ofPlatform().daemon().name("shell-reader-" + process.pid()).unstarted(read);
    }

    /**
     * Starts the shell and waits until it is ready for commands.
     *
     * @param command     the command line that runs {@code bash --login}: {@link #BASH}, or a wrapper of it
     * @param environment the shell's environment
     * @param directory   the shell's first working directory (it then changes to {@code ~})
     * @param commandFile the file commands are written to, private to the job
     * @return the ready session
     * @throws PluginException when bash cannot start or does not become ready
     */
    static ShellSession start(List<String> command, Map<String, String> environment, Path directory, Path commandFile)
            throws InterruptedException {
        PtyProcess process;
        try {
            process = new PtyProcessBuilder(command.toArray(String[]::new))
                    .setEnvironment(environment)
                    .setDirectory(directory.toString())
                    .setConsole(false)
                    .setRedirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new PluginException("cannot start 'bash --login' in a pseudo-terminal: " + e.getMessage()
                    + "; is bash installed and on the agent's PATH?", e);
        }
        ShellSession shell = new ShellSession(process, commandFile);
        shell.reader.start();
        // A thread of its own waits for the shell: pty4j's process has no onExit of its own, and
        // Process.onExit() would park a common-pool worker for the job's whole run. On 2 cores that pool
        // has one worker, and the S3 client's uploads and downloads (CompletableFuture.supplyAsync) then
        // waited behind it for ever (a `cache store` hung in the cache benchmark).
        Thread.ofPlatform().daemon().name("shell-exit-" + process.pid()).start(() -> {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            shell.session.shellEnded();
        });
        try {
            // Where the reader can tell, the terminal does not translate newlines: the kernel then hands a command's
            // output over in one piece instead of a write per line, and the log needs no folding of \r\n (the job
            // may turn it back on with stty; the reader notices)
            shell.session.awaitReady(shell.ptyReader.isPresent() ? "stty -opost;" : "", "", "", "", START_TIMEOUT,
                    "check the login scripts: /etc/profile, ~/.bash_profile, ~/.profile");
        } catch (PluginException | InterruptedException e) {
            shell.kill();
            throw e;
        }
        return shell;
    }

    /**
     * Runs a script in the shell as the next command.
     *
     * @return its exit status, or 1 when the shell ended before the script did
     */
    int run(String script, StepOutput output) throws InterruptedException {
        return session.run(script, (text, number) -> {
            Files.write(commandFile, text.getBytes(StandardCharsets.UTF_8));
            return quote(commandFile);
        }, output);
    }

    /** @return the shell's process, while it runs */
    Optional<ProcessHandle> processHandle() {
        return ProcessHandle.of(process.pid());
    }

    /** Kills the shell (SIGKILL) and closes the terminal; a command in progress returns 1. */
    void kill() {
        process.destroyForcibly();
        closeTerminal();
        ptyReader.ifPresent(PtyReader::close);
        session.shellEnded();
    }

    @Override
    public void close() {
        kill();
    }

    private void type(String text) throws IOException {
        terminal.write(text.getBytes(StandardCharsets.UTF_8));
        terminal.flush();
    }

    private void closeTerminal() {
        try {
            terminal.close();
        } catch (IOException e) {
            LOG.debug("Closing the terminal: {}", e.toString());
        }
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\"'\"'") + "'";
    }
}
