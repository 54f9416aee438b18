package dev.outrider.job;

import dev.outrider.protocol.JobRequest;

/**
 * What an agent does with a job the control plane hands it, before anything runs (job.md §3): reads the
 * JSON, picks the executor, and checks that the log can be pushed. A job that fails here fails without
 * a single log event.
 */
public final class JobIntake {

    private JobIntake() {
    }

    /**
     * A job the agent can run.
     *
     * @param request  the request as read
     * @param executor the name of the executor that runs it
     */
    public record Accepted(JobRequest request, String executor) {
    }

    /**
     * @param json               the body of {@code GET /jobs/{id}}
     * @param jobId              the job's id, for messages
     * @param configuredExecutor the agent type's {@code executor} ({@code ""} or {@code auto}: the job decides)
     * @return the job and its executor's name
     * @throws InvalidJobException naming the job and the field
     */
    public static Accepted accept(String json, String jobId, String configuredExecutor) {
        String source = "job '" + jobId + "'";
        JobRequest request = JobRequestReader.readProtocolJson(json, source);
        String executor = ExecutorChoice.forJob(configuredExecutor, request.executor())
                .orElseThrow(() -> new InvalidJobException(source + ": executor: unknown executor type '"
                        + request.executor() + "'"));
        if (!request.logger().method().equals("push") || request.logger().url().isEmpty()) {
            throw new InvalidJobException(source + ": logger: method '" + request.logger().method()
                    + "' with url '" + request.logger().url() + "'; self-hosted agents need method 'push' and a url");
        }
        return new Accepted(request, executor);
    }
}
