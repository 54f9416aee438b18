package dev.outrider.job;

import dev.outrider.config.JobSettings;
import dev.outrider.event.JobEvents;
import dev.outrider.event.LogEntryPublisher;
import dev.outrider.protocol.JobRequest;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.toolbox.Toolbox;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/** Prepares jobs to run: each gets its own log, work folder, process tag and executor. */
@Singleton
public final class JobLauncher {

    private final LogEntryPublisher publisher;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final JobEnvironment environment;
    private final Toolbox toolbox;

    @Inject
    public JobLauncher(LogEntryPublisher publisher, ScheduledExecutorService timer, Clock clock,
                       JobEnvironment environment, Toolbox toolbox) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.toolbox = Objects.requireNonNull(toolbox, "toolbox");
    }

    /**
     * @param request  the job
     * @param executor the factory of the executor to run it with
     * @param options  the executor's options
     * @param settings what the agent adds to the job
     * @return the job, ready to {@link PreparedJob#run()}
     */
    public PreparedJob prepare(JobRequest request, JobExecutorFactory executor, Map<String, Object> options,
                               JobSettings settings) {
        return prepare(request, executor, options, settings, JobEvents.unwatched(request.jobId()));
    }

    /**
     * @param request  the job
     * @param executor the factory of the executor to run it with
     * @param options  the executor's options
     * @param settings what the agent adds to the job
     * @param events   where the job's steps and transfers are published
     * @return the job, ready to {@link PreparedJob#run()}
     */
    public PreparedJob prepare(JobRequest request, JobExecutorFactory executor, Map<String, Object> options,
                               JobSettings settings, JobEvents events) {
        return new PreparedJob(request, executor, options, settings, publisher, timer, clock, environment, toolbox,
                events);
    }
}
