package dev.outrider.agent;

import dev.outrider.job.JobLauncher;
import dev.outrider.plugin.NamedExtensions;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.spi.JobExecutorFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent runs its jobs with.
 *
 * @param launcher         prepares jobs
 * @param executors        the installed executors
 * @param logs             where job logs go
 * @param logUploadTimeout how long a finished job's log may keep being retried
 * @param environment      the agent's environment (for the job-log artifact)
 */
public record JobTools(JobLauncher launcher, NamedExtensions<JobExecutorFactory> executors, LogPushClient logs,
                       Duration logUploadTimeout, Map<String, String> environment) {

    public JobTools {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(executors, "executors");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(logUploadTimeout, "logUploadTimeout");
        environment = Map.copyOf(environment);
    }
}
