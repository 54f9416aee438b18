package dev.outrider.job;

import dev.outrider.config.JobSettings;
import dev.outrider.event.JobEvents;
import dev.outrider.log.JobLog;
import dev.outrider.log.SpoolMarks;
import dev.outrider.event.LogEntryPublisher;
import dev.outrider.plugin.SpiMismatch;
import dev.outrider.protocol.JobRequest;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.Job;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.PluginException;
import dev.outrider.toolbox.Toolbox;
import dev.outrider.toolkit.AgentInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job, from its executor's creation to the removal of everything it left: run it once with
 * {@link #run()}, stop it from any thread with {@link #stop()}, then {@link #close()} it to delete its
 * log spool.
 */
public final class PreparedJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PreparedJob.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Job job;
    private final JobExecutorFactory executorFactory;
    private final Map<String, Object> options;
    private final JobSettings settings;
    private final LogEntryPublisher publisher;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final JobEnvironment environment;
    private final Toolbox toolbox;
    private final JobEvents events;
    private final String processTag;
    private final Path spoolDirectory;
    private final Path spool;
    private volatile boolean stopRequested;
    private volatile JobRunner runner;
    private volatile JobLog log;
    private final SpoolMarks spoolMarks = new SpoolMarks();

    PreparedJob(JobRequest request, JobExecutorFactory executorFactory, Map<String, Object> options,
                JobSettings settings, LogEntryPublisher publisher, ScheduledExecutorService timer, Clock clock,
                JobEnvironment environment, Toolbox toolbox, JobEvents events) {
        this.job = JobDecoder.decode(Objects.requireNonNull(request, "request"));
        this.executorFactory = Objects.requireNonNull(executorFactory, "executorFactory");
        this.options = Map.copyOf(options);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.publisher = publisher;
        this.timer = timer;
        this.clock = clock;
        this.environment = environment;
        this.toolbox = Objects.requireNonNull(toolbox, "toolbox");
        this.events = Objects.requireNonNull(events, "events");
        this.processTag = HexFormat.of().formatHex(randomBytes());
        try {
            // the log holds the job's output (secrets a command printed): a folder only the agent's user can read
            this.spoolDirectory = Files.createTempDirectory(environment.temporaryDirectory(),
                    JobFolders.spoolPrefix(processTag, AgentInstance.current()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log folder for job '" + job.id() + "' in "
                    + environment.temporaryDirectory() + ": " + e.getMessage(), e);
        }
        this.spool = spoolDirectory.resolve("events.ndjson");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * Runs the job to its end. When its executor cannot even be created (bad options), the job
     * fails without any event, as on Semaphore.
     *
     * @return the result
     * @throws InterruptedException when the calling thread was interrupted
     */
    public JobResult run() throws InterruptedException {
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory(environment.temporaryDirectory(),
                    JobFolders.workPrefix(processTag, AgentInstance.current()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder for job '" + job.id() + "' in "
                    + environment.temporaryDirectory() + ": " + e.getMessage(), e);
        }
        Toolbox.Channel channel = toolbox.open(events, settings.cache(), settings.artifacts());
        Map<String, String> jobEnvironment = new HashMap<>(environment.forJob(processTag));
        jobEnvironment.putAll(channel.environment(jobEnvironment));
        JobExecutor executor;
        try {
            executor = executorFactory.create(new ExecutorContext(job, jobEnvironment,
                    workDirectory, processTag, options, settings.hostFiles(), settings.failOnMissingFiles()));
        } catch (PluginException e) {
            LOG.error("Job '{}' failed: executor '{}' could not be created: {}", job.id(),
                    executorFactory.name(), e.getMessage());
            channel.close();
            deleteTree(workDirectory);
            return JobResult.FAILED;
        } catch (RuntimeException | Error e) { // a broken plugin: the job fails, the agent goes on
            LOG.error("Job '{}' failed: executor '{}' could not be created: {}", job.id(),
                    executorFactory.name(), SpiMismatch.describe(e.toString(), e), e);
            channel.close();
            deleteTree(workDirectory);
            return JobResult.FAILED;
        }
        log = new JobLog(job.id(), spool, publisher, clock, spoolMarks);
        try {
            channel.attach(executor.files());
            runner = new JobRunner(job, executor, log, settings, timer, events);
            if (stopRequested) {
                runner.stop();
            }
            return runner.run();
        } finally {
            try {
                executor.close();
            } catch (RuntimeException | Error e) {
                LOG.error("Job '{}': executor '{}' failed to clean up: {}", job.id(), executorFactory.name(),
                        e.toString());
            }
            channel.close();
            log.close();
            deleteTree(workDirectory);
        }
    }

    /** Stops the job (see {@link JobRunner#stop()}); before {@link #run()} it makes the job end stopped at once. */
    public void stop() {
        stopRequested = true;
        JobRunner current = runner;
        if (current != null) {
            current.stop();
        }
    }

    /** @return the job as its executor sees it */
    public Job job() {
        return job;
    }

    /** @return the job's process tag */
    public String processTag() {
        return processTag;
    }

    /**
     * @return the spool file of the job's log (exists once {@link #run()} started), mode 0600 in a folder of
     *         its own with mode 0700
     */
    public Path spool() {
        return spool;
    }

    /** @return where whole events end in the job's log spool, as its log writes them (for the uploader) */
    public SpoolMarks spoolMarks() {
        return spoolMarks;
    }

    /** @return how many events the job's log holds */
    public long eventCount() {
        return log == null ? 0 : log.size();
    }

    /** Deletes the job's log spool and its folder. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(spool);
            Files.deleteIfExists(spoolDirectory);
        } catch (IOException e) {
            LOG.warn("Could not delete the log spool {}: {}", spool, e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try {
            JobFolders.deleteTree(root);
        } catch (IOException e) {
            LOG.warn("Could not delete the job's work folder {}: {}", root, e.getMessage());
        }
    }
}
