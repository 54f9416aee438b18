package dev.outrider.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One agent type: what {@code outrider start} needs to run {@link #count()} agents that register
 * with one control plane, and how they run their jobs. The keys are Semaphore's (protocol.md §12.2)
 * plus Outrider's {@code label}, {@code executor}, {@code executor-options}, {@code count} and
 * {@code ca-file}.
 *
 * @param label                      how logs name the agent type: the entry's {@code label}, else
 *                                   {@code agents[i]}; {@code agent} for the top level
 * @param endpoint                   the control plane, {@code host[:port]}; {@code ""} if not given
 *                                   ({@code outrider start} refuses that)
 * @param token                      the agent type's registration token; {@code ""} if not given. Never
 *                                   shown by {@link #toString()}
 * @param noHttps                    whether control-plane calls use {@code http}
 * @param caFile                     a PEM bundle of extra CAs trusted for HTTPS (checked to exist and to
 *                                   hold certificates)
 * @param name                       the agent name (protocol.md §10), or {@code ""}: from
 *                                   {@code nameFromEnv}, else random. Not validated here
 * @param nameFromEnv                the environment variable holding the name, or {@code ""}
 * @param executor                   the executor plugin id, or {@code ""}: follow the job request's
 *                                   {@code executor} field ({@code auto} in the file reads as {@code ""})
 * @param executorOptions            options for that executor
 * @param count                      how many agents of this type run in the process, 1 to {@link #MAX_COUNT}
 * @param job                        what the agent adds to every job: env vars and pre/post-job hooks
 * @param files                      host files mounted into job containers
 * @param failOnMissingFiles         whether a missing host file fails the job
 * @param shutdownHookPath           the script run when the agent shuts down, or {@code ""}
 * @param disconnectAfterJob         whether the agent leaves after one job ({@code single_job})
 * @param jobId                      the one job to run ({@code ""}: any); only with
 *                                   {@code disconnectAfterJob}
 * @param disconnectAfterIdleTimeout seconds idle before the server disconnects the agent; 0: never
 * @param interruptionGracePeriod    seconds between an interruption and the job's stop
 *                                   ({@code interruption_grace_period})
 * @param uploadJobLogs              when the job log is uploaded as an artifact
 * @param kubernetes                 Semaphore's {@code kubernetes-*} keys (unused by Outrider)
 */
public record AgentConfig(String label, String endpoint, String token, boolean noHttps, Optional<Path> caFile,
                          String name, String nameFromEnv, String executor, Map<String, Object> executorOptions,
                          int count, JobSettings job, List<HostFile> files, boolean failOnMissingFiles,
                          String shutdownHookPath, boolean disconnectAfterJob, String jobId,
                          int disconnectAfterIdleTimeout, int interruptionGracePeriod, UploadJobLogs uploadJobLogs,
                          KubernetesSettings kubernetes) {

    /** The label of the top level's agent type (Semaphore's single-agent form). */
    public static final String TOP_LEVEL_LABEL = "agent";

    /**
     * The most agents of one type in one process: each holds a connection, a sync loop and its job's threads,
     * so a machine that can run more jobs runs more processes (or agent types).
     */
    public static final int MAX_COUNT = 100;

    /** Every key at its default. */
    public static final AgentConfig DEFAULT = new AgentConfig(TOP_LEVEL_LABEL, "", "", false, Optional.empty(), "", "",
            "", Map.of(), 1, JobSettings.NONE, List.of(), false, "", false, "", 0, 0, UploadJobLogs.NEVER,
            KubernetesSettings.DEFAULT);

    public AgentConfig {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nameFromEnv, "nameFromEnv");
        Objects.requireNonNull(executor, "executor");
        executorOptions = Collections.unmodifiableMap(new LinkedHashMap<>(executorOptions));
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_COUNT + ": " + count);
        }
        Objects.requireNonNull(job, "job");
        files = List.copyOf(files);
        Objects.requireNonNull(shutdownHookPath, "shutdownHookPath");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(uploadJobLogs, "uploadJobLogs");
        Objects.requireNonNull(kubernetes, "kubernetes");
    }

    /** Like the record's, but the token is redacted and executor options show their names only. */
    @Override
    public String toString() {
        return "AgentConfig[label=" + label + ", endpoint=" + endpoint + ", token=" + (token.isEmpty() ? "" : "<redacted>")
                + ", noHttps=" + noHttps + ", caFile=" + caFile + ", name=" + name + ", nameFromEnv=" + nameFromEnv
                + ", executor=" + executor + ", executorOptions=" + executorOptions.keySet() + ", count=" + count
                + ", job=" + job + ", files=" + files + ", failOnMissingFiles=" + failOnMissingFiles
                + ", shutdownHookPath=" + shutdownHookPath + ", disconnectAfterJob=" + disconnectAfterJob
                + ", jobId=" + jobId + ", disconnectAfterIdleTimeout=" + disconnectAfterIdleTimeout
                + ", interruptionGracePeriod=" + interruptionGracePeriod + ", uploadJobLogs=" + uploadJobLogs
                + ", kubernetes=" + kubernetes + "]";
    }
}
