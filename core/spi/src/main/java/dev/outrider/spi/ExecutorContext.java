package dev.outrider.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the core gives an executor for one job.
 *
 * @param request       the job request
 * @param environment   the environment the job's processes start with: the agent's own, without
 *                      the agent's secrets, plus the variables the core needs to track the job's
 *                      processes. The job's own variables are exported later, through
 *                      {@link JobExecutor#exportEnvironment}.
 * @param workDirectory a private, empty directory for this job's temporary files; the core deletes
 *                      it after {@link JobExecutor#close()}
 * @param processTag    a value unique to this job, set in {@code environment} as
 *                      {@value #PROCESS_TAG_VARIABLE}, by which every process the job starts can be
 *                      found and ended
 * @param options       the executor's options from the agent configuration (may be empty)
 */
public record ExecutorContext(JobRequest request, Map<String, String> environment, Path workDirectory,
                              String processTag, Map<String, Object> options) {

    /** The environment variable that marks every process of a job with the job's {@link #processTag()}. */
    public static final String PROCESS_TAG_VARIABLE = "OUTRIDER_JOB_TAG";

    public ExecutorContext {
        Objects.requireNonNull(request, "request");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(processTag, "processTag");
        options = Map.copyOf(options);
    }
}
