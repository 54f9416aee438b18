package dev.outrider.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the core gives an executor for one job.
 *
 * @param job           the job, decoded
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
 * @param hostFiles     the agent's {@code files} ({@code HOSTPATH:DEST}): host files that container
 *                      executors mount into the job's main container; executors that run on the host
 *                      ignore them (protocol.md §12.2, job.md §15)
 * @param failOnMissingFiles whether a host file that does not exist fails the job (else it is skipped
 *                      with a warning in the agent's log)
 */
public record ExecutorContext(Job job, Map<String, String> environment, Path workDirectory,
                              String processTag, Map<String, Object> options, List<HostFile> hostFiles,
                              boolean failOnMissingFiles) {

    /** The environment variable that marks every process of a job with the job's {@link #processTag()}. */
    public static final String PROCESS_TAG_VARIABLE = "OUTRIDER_JOB_TAG";

    /**
     * The environment variable that names the folder of the toolbox commands ({@code cache}, ...) when
     * the agent offers them. Login scripts reset {@code PATH}, so a session that runs them puts this folder
     * first on its {@code PATH} afterwards, silently.
     */
    public static final String TOOLBOX_BIN_VARIABLE = "OUTRIDER_TOOLBOX_BIN";

    /**
     * The environment variables of the job's toolbox channel: its base URL on the agent's machine and the
     * job's token for it. An executor whose processes cannot reach the agent's 127.0.0.1 relays the channel.
     */
    public static final String TOOLBOX_URL_VARIABLE = "OUTRIDER_TOOLBOX_URL";
    public static final String TOOLBOX_TOKEN_VARIABLE = "OUTRIDER_TOOLBOX_TOKEN";

    public ExecutorContext {
        Objects.requireNonNull(job, "job");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(processTag, "processTag");
        options = Map.copyOf(options);
        hostFiles = List.copyOf(hostFiles);
    }

    /** A context without host files. */
    public ExecutorContext(Job job, Map<String, String> environment, Path workDirectory,
                           String processTag, Map<String, Object> options) {
        this(job, environment, workDirectory, processTag, options, List.of(), false);
    }

    /**
     * A host file to mount into a job's container.
     *
     * @param hostPath    the file on the agent's machine
     * @param destination where the job's main container sees it
     */
    public record HostFile(String hostPath, String destination) {
        public HostFile {
            Objects.requireNonNull(hostPath, "hostPath");
            Objects.requireNonNull(destination, "destination");
        }
    }
}
