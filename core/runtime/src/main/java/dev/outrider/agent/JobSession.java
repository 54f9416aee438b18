package dev.outrider.agent;

import dev.outrider.config.AgentConfig;
import dev.outrider.event.JobEvents;
import dev.outrider.job.InvalidJobException;
import dev.outrider.job.JobIntake;
import dev.outrider.job.PreparedJob;
import dev.outrider.log.LogUploader;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.protocol.ApiException;
import dev.outrider.protocol.JobRequest;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.OutriderEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phase of one job an agent was told to run: fetching it, preparing and running it, delivering
 * its log, and recording its result for the next sync. A job's end is recorded only once its log
 * was delivered (or the upload's upper bound passed).
 */
public final class JobSession implements ActiveJob {

    private static final Logger LOG = AgentLog.LOG;

    private final AgentContext context;
    private final JobTools tools;
    private final String id;
    private final long acceptedNanos = System.nanoTime();
    private volatile boolean stopRequested;
    private volatile PreparedJob prepared;

    /**
     * @param context the agent's shared parts
     * @param tools   what jobs run with
     * @param id      the job's id
     */
    public JobSession(AgentContext context, JobTools tools, String id) {
        this.context = Objects.requireNonNull(context, "context");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.id = Objects.requireNonNull(id, "id");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void stop() {
        stopRequested = true;
        PreparedJob current = prepared;
        if (current != null) {
            current.stop();
        }
    }

    /** Runs the job to its end and records the result in the agent's {@link SyncState}. */
    public void run() {
        JobResult result;
        try {
            result = fetchAndRun();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = JobResult.STOPPED;
        } catch (RuntimeException | Error e) { // whatever happens, the job is reported and the agent goes on
            LOG.error("{}: job '{}' failed inside Outrider: {}", context.label(), id, e.toString(), e);
            result = JobResult.FAILED;
        }
        if (context.state().ended(this, result)) {
            context.events().accept(new OutriderEvent.JobFinished(context.state().name(), context.config().label(), id,
                    result, Duration.ofNanos(System.nanoTime() - acceptedNanos), context.clock().instant()));
        }
    }

    private JobResult fetchAndRun() throws InterruptedException {
        Optional<String> json = fetch();
        if (stopRequested) {
            return JobResult.STOPPED;
        }
        if (json.isEmpty()) {
            return JobResult.FAILED;
        }
        String label = context.label();
        AgentConfig config = context.config();
        JobRequest request;
        JobExecutorFactory executor;
        try {
            JobIntake.Accepted accepted = JobIntake.accept(json.get(), id, config.executor());
            request = accepted.request();
            executor = tools.executors().get(accepted.executor());
        } catch (InvalidJobException | UnknownExtensionException e) {
            LOG.error("{}: job '{}' cannot run: {}", label, id, e.getMessage());
            return JobResult.FAILED;
        }
        JobEvents jobEvents = new JobEvents(context.state().name(), config.label(), id, context.events(),
                context.clock());
        Duration uploadTimeout = tools.logUploadTimeout();
        try (PreparedJob preparedJob = tools.launcher().prepare(request, executor, config.executorOptions(),
                config.job(), jobEvents)) {
            LogUploader uploader = new LogUploader(preparedJob.spool(), request.logger().url(),
                    request.logger().token(), tools.logs(),
                    () -> context.api().refreshLogToken(context.state().token()), jobEvents, preparedJob::eventCount,
                    preparedJob.spoolMarks());
            uploader.start();
            prepared = preparedJob;
            context.state().running();
            if (stopRequested) {
                preparedJob.stop();
            }
            JobResult result;
            try {
                result = preparedJob.run();
            } catch (RuntimeException | Error e) {
                uploader.finish(preparedJob.eventCount(), uploadTimeout); // deliver what there is
                throw e;
            }
            LogUploader.Outcome outcome = uploader.finish(preparedJob.eventCount(), uploadTimeout);
            if (!outcome.complete() && !outcome.trimmed()) {
                LOG.error("{}: job '{}': only {} of {} log events were delivered within {}; reporting the "
                        + "result anyway", label, id, outcome.accepted(), preparedJob.eventCount(), uploadTimeout);
            }
            if (JobLogArtifact.wanted(config.uploadJobLogs(), outcome.trimmed()) && preparedJob.eventCount() > 0) {
                new JobLogArtifact(tools.environment()).upload(preparedJob.job(), preparedJob.spool());
            }
            return result;
        }
    }

    private Optional<String> fetch() throws InterruptedException {
        ProtocolTiming timing = context.timing();
        for (int attempt = 1; attempt <= timing.jobFetchAttempts() && !stopRequested; attempt++) {
            try {
                return Optional.of(AgentContext.await(context.api().job(context.state().token(), id)));
            } catch (ApiException e) {
                LOG.warn("{}: fetching job '{}', attempt {} of {}, failed: {}", context.label(), id, attempt,
                        timing.jobFetchAttempts(), e.getMessage());
            }
            if (attempt < timing.jobFetchAttempts()) {
                TimeUnit.MILLISECONDS.sleep(timing.jobFetchPause().toMillis());
            }
        }
        if (!stopRequested) {
            LOG.error("{}: could not fetch job '{}'; reporting it failed", context.label(), id);
        }
        return Optional.empty();
    }
}
