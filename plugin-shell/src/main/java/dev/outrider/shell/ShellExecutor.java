package dev.outrider.shell;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.Job;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobFiles;
import dev.outrider.spi.StepOutput;
import dev.outrider.spi.StepRunner;
import dev.outrider.spi.PluginException;
import dev.outrider.toolkit.AgentInstance;
import dev.outrider.toolkit.JobCgroup;
import dev.outrider.toolkit.JobCgroups;
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
 * files are written by the agent itself; stopping kills every process of the job. The job's processes
 * are kept in a cgroup of their own where {@link JobCgroups} finds a writable hierarchy (else they are found
 * by their tag), and a {@link JobGuard} kills them should the agent die before the job ends.
 */
final class ShellExecutor implements JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ShellExecutor.class);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final ExecutorContext context;
    private final HostFiles files;
    private final JobProcesses processes;
    private final JobCgroups cgroups;
    private final AgentInstance agent;
    private final Object lifecycle = new Object();
    private ShellSession session;
    private Optional<JobCgroup> cgroup = Optional.empty();
    private JobGuard guard;
    private boolean stopped;
    private long envFiles;

    /**
     * @param context the job
     * @param cgroups where the job's cgroup goes, if anywhere
     * @param agent   this agent process, whose jobs' cgroups are grouped in a folder of its own
     */
    ShellExecutor(ExecutorContext context, JobCgroups cgroups, AgentInstance agent) {
        this.context = Objects.requireNonNull(context, "context");
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.agent = Objects.requireNonNull(agent, "agent");
        String home = context.environment().getOrDefault("HOME", System.getProperty("user.home"));
        this.files = new HostFiles(Path.of(home));
        this.processes = new JobProcesses(context.processTag());
    }

    @Override
    public boolean start(StepRunner steps) throws InterruptedException {
        Optional<JobCgroup> created = createCgroup();
        JobGuard started;
        try {
            started = JobGuard.start(created.map(JobCgroup::killScript).orElseGet(processes::killScript));
        } catch (IOException e) {
            created.ifPresent(this::remove);
            throw new PluginException("cannot start /bin/sh as the guard of the job's processes: " + e.getMessage()
                    + "; is /bin/sh installed?", e);
        }
        synchronized (lifecycle) {
            cgroup = created;
            guard = started;
        }
        ShellSession shell = ShellSession.start(created.map(job -> job.wrap(ShellSession.BASH)).orElse(ShellSession.BASH),
                context.environment(), Path.of("").toAbsolutePath(), context.workDirectory().resolve("current-command"));
        return keep(shell);
    }

    private Optional<JobCgroup> createCgroup() {
        if (cgroups.version().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(cgroups.create(agent, context.processTag()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Job '{}': cannot create its cgroup ({}); its processes are found by their tag instead",
                    context.job().id(), e.getMessage());
            return Optional.empty();
        }
    }

    private boolean keep(ShellSession started) {
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
        Optional<JobCgroup> job;
        JobGuard started;
        synchronized (lifecycle) {
            current = session;
            job = cgroup;
            started = guard;
        }
        try {
            killJobProcesses(current == null ? Optional.empty() : current.processHandle());
            job.ifPresent(this::remove);
            if (current != null) {
                current.close();
            }
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private void remove(JobCgroup job) {
        try {
            job.killAndRemove();
        } catch (IllegalStateException e) {
            LOG.warn("Job '{}': {}; its guard tries again as it exits", context.job().id(), e.getMessage());
        }
    }

    private ShellSession current() {
        synchronized (lifecycle) {
            return stopped ? null : session;
        }
    }

    private void killJobProcesses(Optional<ProcessHandle> shell) {
        Optional<JobCgroup> job;
        synchronized (lifecycle) {
            job = cgroup;
        }
        int killed;
        try {
            killed = job.isPresent() ? job.get().kill() : processes.killAll(shell);
        } catch (IllegalStateException e) { // a process stuck in the kernel (state D): the guard tries again later
            LOG.warn("Job '{}': {}", context.job().id(), e.getMessage());
            return;
        }
        if (killed > 0) {
            LOG.debug("Job '{}': killed {} processes", context.job().id(), killed);
        }
    }

}
