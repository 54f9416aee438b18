package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.function.UnaryOperator;

/** Where a test ran, from the calling job's {@code SEMAPHORE_*} variables. */
@JsonPropertyOrder({"projectId", "pipelineId", "workflowId", "pipelineStartedAt", "jobName", "jobId", "agentType",
        "agentOsImage", "gitRefType", "gitRefName", "gitRefSha"})
public record SemaphoreEnv(@JsonProperty("projectId") String projectId, @JsonProperty("pipelineId") String pipelineId,
                           @JsonProperty("workflowId") String workflowId,
                           @JsonProperty("pipelineStartedAt") String pipelineStartedAt,
                           @JsonProperty("jobName") String jobName, @JsonProperty("jobId") String jobId,
                           @JsonProperty("agentType") String agentType,
                           @JsonProperty("agentOsImage") String agentOsImage,
                           @JsonProperty("gitRefType") String gitRefType,
                           @JsonProperty("gitRefName") String gitRefName,
                           @JsonProperty("gitRefSha") String gitRefSha) {

    static final SemaphoreEnv EMPTY = new SemaphoreEnv("", "", "", "", "", "", "", "", "", "", "");

    public SemaphoreEnv {
        projectId = Text.orEmpty(projectId);
        pipelineId = Text.orEmpty(pipelineId);
        workflowId = Text.orEmpty(workflowId);
        pipelineStartedAt = Text.orEmpty(pipelineStartedAt);
        jobName = Text.orEmpty(jobName);
        jobId = Text.orEmpty(jobId);
        agentType = Text.orEmpty(agentType);
        agentOsImage = Text.orEmpty(agentOsImage);
        gitRefType = Text.orEmpty(gitRefType);
        gitRefName = Text.orEmpty(gitRefName);
        gitRefSha = Text.orEmpty(gitRefSha);
    }

    /**
     * @param env a variable of the calling shell by name, {@code ""} when unset
     * @return the job's values; the ref's name and SHA depend on its type (a tag's name is in the branch variable)
     */
    static SemaphoreEnv from(UnaryOperator<String> env) {
        String refType = env.apply("SEMAPHORE_GIT_REF_TYPE");
        String refName = "";
        String refSha = "";
        switch (refType) {
            case "branch", "tag" -> {
                refName = env.apply("SEMAPHORE_GIT_BRANCH");
                refSha = env.apply("SEMAPHORE_GIT_SHA");
            }
            case "pull-request" -> {
                refName = env.apply("SEMAPHORE_GIT_PR_BRANCH");
                refSha = env.apply("SEMAPHORE_GIT_PR_SHA");
            }
            default -> { }
        }
        return new SemaphoreEnv(env.apply("SEMAPHORE_PROJECT_ID"), env.apply("SEMAPHORE_PIPELINE_ID"),
                env.apply("SEMAPHORE_WORKFLOW_ID"), env.apply("SEMAPHORE_JOB_CREATION_TIME"),
                env.apply("SEMAPHORE_JOB_NAME"), env.apply("SEMAPHORE_JOB_ID"),
                env.apply("SEMAPHORE_AGENT_MACHINE_TYPE"), env.apply("SEMAPHORE_AGENT_MACHINE_OS_IMAGE"), refType,
                refName, refSha);
    }
}
