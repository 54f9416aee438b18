package dev.outrider.shell;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.Job;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobFiles;
import dev.outrider.spi.StepOutput;
import dev.outrider.spi.StepRunner;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job in one {@code bash --login} on this machine. Starting it shows no step in the job log;
 * files are written by the agent itself; stopping kills every process of the job.
 */
final class ShellExecutor implements JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ShellExecutor.class);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final ExecutorContext context;
    private final HostFiles files;
    private final JobProcesses processes;
    private final Object lifecycle = new Object();
    private ShellSession session;
    private boolean stopped;
    private long envFiles;

    ShellExecutor(ExecutorContext context) {
        this.context = Objects.requireNonNull(context, "context");
        String home = context.environment().getOrDefault("HOME", System.getProperty("user.home"));
        this.files = new HostFiles(Path.of(home));
        this.processes = new JobProcesses(context.processTag());
    }

    @Override
    public boolean start(StepRunner steps) throws InterruptedException {
        ShellSession started = ShellSession.start(context.environment(), Path.of("").toAbsolutePath(),
                context.workDirectory().resolve("current-command"));
        synchronized (lifecycle) {
            if (stopped) {
                killJobProcesses(started.processHandle());
                started.kill();
                return false;
            }
            session = started;
        }
        return true;
    }

    @Override
    public int run(String script, StepOutput output) throws InterruptedException {
        ShellSession current = current();
        return current == null ? 1 : current.run(script, output);
    }

    @Override
    public int exportEnvironment(byte[] envFile) throws InterruptedException {
        ShellSession current = current();
        if (current == null) {
            return 1;
        }
        Path file = context.workDirectory().resolve(".env-" + System.nanoTime() + "-" + (++envFiles));
        try {
            Files.write(Files.createFile(file, OWNER_ONLY), envFile);
        } catch (IOException e) {
            LOG.error("Job '{}': cannot write the environment file {}: {}", context.job().id(), file,
                    e.getMessage());
            deleteEnvironmentFile(file);
            return 1;
        }
        try {
            return current.run("source '" + file.toString().replace("'", "'\"'\"'") + "'", StepOutput.DISCARD);
        } finally {
            deleteEnvironmentFile(file); // its values are in the session now; secrets stay on disk no longer
        }
    }

    private void deleteEnvironmentFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Job '{}': cannot delete the environment file {}: {}", context.job().id(), file,
                    e.getMessage());
        }
    }

    @Override
    public String describeDestination(String path) {
        return files.destination(path);
    }

    @Override
    public int injectFile(Job.File file, StepOutput output) {
        return files.write(file, output);
    }

    @Override
    public void stop() {
        ShellSession current;
        synchronized (lifecycle) {
            stopped = true;
            current = session;
        }
        Optional<ProcessHandle> shell = current == null ? Optional.empty() : current.processHandle();
        killJobProcesses(shell);
        if (current != null) {
            current.kill();
        }
    }

    /** The job runs on the agent's machine as the agent's user: its files are the agent's. */
    @Override
    public Optional<JobFiles> files() {
        return Optional.of(new LocalJobFiles());
    }

    @Override
    public void close() {
        ShellSession current;
        synchronized (lifecycle) {
            current = session;
        }
        killJobProcesses(current == null ? Optional.empty() : current.processHandle());
        if (current != null) {
            current.close();
        }
    }

    private ShellSession current() {
        synchronized (lifecycle) {
            return stopped ? null : session;
        }
    }

    private void killJobProcesses(Optional<ProcessHandle> shell) {
        int killed = processes.killAll(shell);
        if (killed > 0) {
            LOG.debug("Job '{}': killed {} processes", context.job().id(), killed);
        }
    }

}
