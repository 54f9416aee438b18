package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The batch Job that runs one agent for one queued job, as Semaphore's controller makes it
 * ({@code kubernetes.md} §2.1): name {@code semaphore-agent-<job id>}, the {@code semaphoreci.com/*}
 * labels, the agent's token from the agent-type Secret, and the agent told to take exactly that
 * job with the Kubernetes executor and to leave after it; its container gets
 * {@code OUTRIDER_AGENT_RESOURCES}' requests and limits.
 */
final class AgentJobTemplate {

    static final String RESOURCE_TYPE_LABEL = AgentTypeSecrets.RESOURCE_TYPE_LABEL;
    static final String SEMAPHORE_JOB = "semaphore-job";
    static final String JOB_ID_LABEL = "semaphoreci.com/job-id";
    static final String NAME_PREFIX = "semaphore-agent-";
    static final String CONTAINER = "semaphore-agent";

    /** A Job's name must be a DNS label of at most 63 characters (the Job controller puts it in a pod label). */
    private static final Pattern JOB_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0," + (63 - NAME_PREFIX.length() - 2)
            + "}[a-z0-9])?");

    private static final long ACTIVE_DEADLINE_SECONDS = 24 * 60 * 60;
    private static final long TERMINATION_GRACE_PERIOD_SECONDS = 300;

    private final ControllerSettings settings;

    AgentJobTemplate(ControllerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return whether a Job can be named after this job id */
    static boolean usableJobId(String jobId) {
        return JOB_ID.matcher(jobId).matches();
    }

    /** @return the name of the Job for a job id */
    static String jobName(String jobId) {
        return NAME_PREFIX + jobId;
    }

    /** @return the Job that runs an agent of the type for the queued job */
    Job build(String jobId, AgentType type) {
        Map<String, String> labels = labels(jobId, type);
        return new JobBuilder()
                .withNewMetadata().withName(jobName(jobId)).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withParallelism(1).withCompletions(1).withBackoffLimit(0)
                    .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(settings.serviceAccount().isEmpty() ? null
                                    : settings.serviceAccount())
                            .withTerminationGracePeriodSeconds(TERMINATION_GRACE_PERIOD_SECONDS)
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(settings.agentImage())
                                .withCommand(settings.agentCommand())
                                .withArgs(arguments(jobId, type))
                                .withEnv(environment(type))
                                .withResources(settings.agentResources().isEmpty() ? null
                                        : settings.agentResources().requirements())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private Map<String, String> labels(String jobId, AgentType type) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RESOURCE_TYPE_LABEL, SEMAPHORE_JOB);
        labels.put(AgentType.TYPE_LABEL, type.name());
        labels.put(JOB_ID_LABEL, jobId);
        for (String label : settings.labels()) {
            int equals = label.indexOf('=');
            labels.put(label.substring(0, equals), label.substring(equals + 1));
        }
        return labels;
    }

    private List<String> arguments(String jobId, AgentType type) {
        List<String> kubernetesLabels = new ArrayList<>();
        kubernetesLabels.add(AgentType.TYPE_LABEL + "=" + type.name());
        kubernetesLabels.addAll(settings.labels());
        List<String> arguments = new ArrayList<>(List.of(
                "--endpoint", settings.endpoint(),
                "--job-id", jobId,
                "--kubernetes-labels", String.join(",", kubernetesLabels),
                "--kubernetes-executor",
                "--disconnect-after-job"));
        if (!settings.https()) {
            arguments.add("--no-https");
        }
        arguments.addAll(type.startupParameters().isEmpty() ? settings.startupParameters() : type.startupParameters());
        return arguments;
    }

    private List<EnvVar> environment(AgentType type) {
        return List.of(
                new EnvVarBuilder().withName("KUBERNETES_NAMESPACE")
                        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef()
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("SEMAPHORE_AGENT_NAME")
                        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef()
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("SEMAPHORE_AGENT_LOG_LEVEL").withValue(settings.agentLogLevel()).build(),
                new EnvVarBuilder().withName("SEMAPHORE_AGENT_TOKEN")
                        .withNewValueFrom().withNewSecretKeyRef().withName(type.secretName())
                        .withKey("registrationToken").endSecretKeyRef().endValueFrom().build());
    }
}
