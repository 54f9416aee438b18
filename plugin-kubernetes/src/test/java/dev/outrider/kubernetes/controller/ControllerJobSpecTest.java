package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The agent Job the controller creates for a queued job: upstream's shape (kubernetes.md §2.1). */
class ControllerJobSpecTest extends WithControllerRig {

    @Test
    void createsUpstreamsAgentJobForAQueuedJob() {
        rig.agentType("linux-agents", "s1-k8s", "linux-token");
        rig.start(rig.settings("SEMAPHORE_AGENT_IMAGE", "registry.example/outrider:1.0",
                "KUBERNETES_SERVICE_ACCOUNT", "semaphore-agent",
                "SEMAPHORE_AGENT_LOG_LEVEL", "debug",
                "SEMAPHORE_AGENT_LABELS", "team=ci,env=prod",
                "SEMAPHORE_AGENT_STARTUP_PARAMETERS", "--kubernetes-pod-spec  pod-spec --source-pre-job-hook"));
        String jobId = rig.queue("s1-k8s");

        Job job = rig.awaitJob(jobId);

        Map<String, String> labels = Map.of("semaphoreci.com/resource-type", "semaphore-job",
                "semaphoreci.com/agent-type", "s1-k8s", "semaphoreci.com/job-id", jobId, "team", "ci", "env", "prod");
        assertThat(job.getMetadata().getName()).isEqualTo("semaphore-agent-" + jobId);
        assertThat(job.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(job.getSpec().getParallelism()).isEqualTo(1);
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(86_400L);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo("semaphore-agent");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(300L);
        assertThat(pod.getContainers()).hasSize(1);
        Container agent = pod.getContainers().getFirst();
        assertThat(agent.getName()).isEqualTo("semaphore-agent");
        assertThat(agent.getImage()).isEqualTo("registry.example/outrider:1.0");
        assertThat(agent.getCommand()).containsExactly("/opt/semaphore/agent", "start");
        assertThat(agent.getArgs()).containsExactly("--endpoint", rig.hub.endpoint(), "--job-id", jobId,
                "--kubernetes-labels", "semaphoreci.com/agent-type=s1-k8s,team=ci,env=prod",
                "--kubernetes-executor", "--disconnect-after-job", "--no-https",
                "--kubernetes-pod-spec", "pod-spec", "--source-pre-job-hook");
        List<EnvVar> env = agent.getEnv();
        assertThat(env).extracting(EnvVar::getName).containsExactly("KUBERNETES_NAMESPACE", "SEMAPHORE_AGENT_NAME",
                "SEMAPHORE_AGENT_LOG_LEVEL", "SEMAPHORE_AGENT_TOKEN");
        assertThat(env.get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env.get(1).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get(2).getValue()).isEqualTo("debug");
        assertThat(env.get(3).getValue()).isNull();
        assertThat(env.get(3).getValueFrom().getSecretKeyRef().getName()).isEqualTo("linux-agents");
        assertThat(env.get(3).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("registrationToken");
        assertThat(rig.log.containing("linux-token")).isEmpty();
    }

    @Test
    void defaultsAreUpstreamsOverHttpsAndTheCommandCanRunAnotherAgentImage() {
        AgentType type = new AgentType("linux-agents", "s1-k8s", "linux-token", List.of(), OptionalInt.empty());
        ControllerSettings defaults = ControllerSettings.fromEnvironment(
                Map.of("SEMAPHORE_ENDPOINT", "my-org.semaphoreci.example"));

        Job job = new AgentJobTemplate(defaults).build("0b5c7e3e-1f0a-4f6e-9d55-2b0b0e6b9a11", type);

        Container agent = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(agent.getImage()).isEqualTo("semaphoreci/agent:latest");
        assertThat(agent.getCommand()).containsExactly("/opt/semaphore/agent", "start");
        assertThat(agent.getArgs()).containsExactly("--endpoint", "my-org.semaphoreci.example", "--job-id",
                "0b5c7e3e-1f0a-4f6e-9d55-2b0b0e6b9a11", "--kubernetes-labels", "semaphoreci.com/agent-type=s1-k8s",
                "--kubernetes-executor", "--disconnect-after-job");
        assertThat(agent.getEnv().get(2).getValue()).isEqualTo("info");
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
        assertThat(agent.getResources()).isNull();

        ControllerSettings outrider = ControllerSettings.fromEnvironment(Map.of("SEMAPHORE_ENDPOINT",
                "my-org.semaphoreci.example", "SEMAPHORE_AGENT_COMMAND", "/usr/local/bin/outrider  start"));
        assertThat(new AgentJobTemplate(outrider).build("x1", type).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getCommand()).containsExactly("/usr/local/bin/outrider", "start");
    }

    @Test
    void givesEachAgentContainerTheRequestsAndLimitsOfOutriderAgentResources() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.start(rig.settings("OUTRIDER_AGENT_RESOURCES",
                "{\"limits\":{\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}"));
        String first = rig.queue("linux");
        String second = rig.queue("linux");

        for (String jobId : List.of(first, second)) {
            ResourceRequirements resources = rig.awaitJob(jobId).getSpec().getTemplate().getSpec().getContainers()
                    .getFirst().getResources();
            assertThat(resources.getRequests()).isEqualTo(Map.of("cpu", new Quantity("100m"), "memory",
                    new Quantity("128Mi")));
            assertThat(resources.getLimits()).isEqualTo(Map.of("memory", new Quantity("256Mi")));
        }
    }

    @Test
    void aTypesOwnStartupParametersReplaceTheControllersDefaults() {
        rig.agentType("mac-agents", "mac", "mac-token", "agentStartupParameters", "--kubernetes-default-image ruby:3");
        rig.start(rig.settings("SEMAPHORE_AGENT_STARTUP_PARAMETERS", "--source-pre-job-hook"));
        String jobId = rig.queue("mac");

        List<String> args = rig.awaitJob(jobId).getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();

        assertThat(args).endsWith("--disconnect-after-job", "--no-https", "--kubernetes-default-image", "ruby:3");
        assertThat(args).doesNotContain("--source-pre-job-hook");
    }
}
