package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.dockertier.DockerCluster;
import dev.outrider.kubernetes.dockertier.DockerEngine;
import dev.outrider.kubernetes.dockertier.OutriderImage;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Kubernetes path of the distribution, on the Docker tier (fabric8's mock API server whose pods
 * run as Docker containers): {@code outrider controller} sees the queued job and creates the agent Job;
 * its pod runs Outrider's image ({@code /opt/semaphore/agent start … --kubernetes-executor}); that agent
 * registers for the job, runs it in a job pod of its own over the exec stream, reports {@code passed},
 * deletes the job's pod and Secret and exits, and the Job completes. The agent pods run on the host network
 * with a kubeconfig for the mock API server (the node's adjustment: in a real cluster they would use their
 * service account). Skipped, with the reason printed, only when no Docker engine can start.
 */
class KubernetesControllerIT {

    private static final String NAMESPACE = "ci";
    private static final String AGENT_TYPE = "s1-docker-tier";
    private static final String TOKEN = "registration-token-docker-tier";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    private FakeControlPlane hub;
    private DockerCluster cluster;
    private Process controller;

    @BeforeEach
    void start() throws Exception {
        DockerEngine.assumeAvailable();
        String image = OutriderImage.build();
        hub = FakeControlPlane.start();
        hub.addAgentType(AGENT_TYPE, TOKEN);
        Path kube = work.resolve("kube");
        cluster = DockerCluster.start(DockerEngine.workFolder("controller-it"),
                pod -> isAgent(pod) ? onHostWithKubeconfig(pod, kube) : pod);
        Path kubeconfig = KubernetesTier.kubeconfig(cluster, kube);
        cluster.client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("agent-type-a")
                .addToLabels("semaphoreci.com/resource-type", "agent-type-configuration").endMetadata()
                .withData(Map.of("agentTypeName", base64(AGENT_TYPE), "registrationToken", base64(TOKEN),
                        // jobs without containers run in the test image (bash, base64), which the engine has
                        "agentStartupParameters", base64("--kubernetes-default-image " + DockerEngine.image())))
                .build()).create();
        ProcessBuilder builder = new ProcessBuilder(Installation.launcher().toString(), "controller")
                .redirectErrorStream(true).redirectOutput(work.resolve("controller.log").toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(Map.of("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE", NAMESPACE,
                "SEMAPHORE_ENDPOINT", hub.endpoint(), "SEMAPHORE_NO_HTTPS", "true", "SEMAPHORE_AGENT_IMAGE", image,
                "SEMAPHORE_AGENT_LOG_LEVEL", "debug", "KEEP_FAILED_JOBS_FOR", "1h"));
        controller = builder.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (controller != null) {
            controller.destroy();
            controller.waitFor();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void queuedJobRunsThroughControllerAgentJobAndJobPodToPassedLeavingNoPodOrSecret() throws Exception {
        long queuedAt = System.nanoTime();
        String jobId = hub.scheduleJobFor(AGENT_TYPE, FakeControlPlane.jobWithCommands(
                "echo \"from $(hostname) as $(id -un)\"", "cat injected.txt").put("files", new JsonArray().add(new JsonObject()
                .put("path", "injected.txt").put("content", base64("through-the-job-secret\n")).put("mode", "0644"))));
        String agentJob = "semaphore-agent-" + jobId;

        Job started = explained(() -> awaitJob(agentJob, job -> Integer.valueOf(1).equals(job.getStatus().getReady())
                || job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0));
        long startedAt = System.nanoTime();
        assertThat(started.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--job-id", jobId, "--kubernetes-executor", "--disconnect-after-job",
                        "--kubernetes-default-image", DockerEngine.image());

        List<AgentSnapshot> registered = explained(() -> hub.awaitRegistered(1, TIMEOUT));
        long registeredAt = System.nanoTime();
        assertThat(registered.get(0).registration().jobId()).isEqualTo(jobId);
        assertThat(registered.get(0).registration().singleJob()).isTrue();
        String result = explained(() -> hub.awaitJobFinished(jobId, TIMEOUT));
        System.out.printf("dockertier timing: queued -> agent pod started %d ms, -> agent registered %d ms, -> job finished %d ms%n",
                (startedAt - queuedAt) / 1_000_000, (registeredAt - queuedAt) / 1_000_000, (System.nanoTime() - queuedAt) / 1_000_000);
        String log = String.join("\n", hub.events(jobId));
        assertThat(result).as("the job's log:\n%s", log).isEqualTo("passed");
        assertThat(log).contains("\"directive\":\"Creating Kubernetes resources for job...\"")
                .contains("Pod is ready.")
                .contains("from semaphore-job-" + jobId.toLowerCase(java.util.Locale.ROOT) + " as root")
                .contains("through-the-job-secret");

        explained(() -> awaitJob(agentJob, job -> Integer.valueOf(1).equals(job.getStatus().getSucceeded())));
        explained(() -> {
            KubernetesTier.awaitNoExecutorObjects(cluster.client, NAMESPACE, TIMEOUT);
            return null;
        });
        assertThat(cluster.client.pods().inNamespace(NAMESPACE).list().getItems())
                .extracting(pod -> pod.getMetadata().getName())
                .as("only the agent's pod (its Job's) is left").allMatch(name -> name.startsWith(agentJob));
        assertThat(Files.readString(work.resolve("controller.log")) + agentContainerOutput()).doesNotContain(TOKEN);
    }

    private Job awaitJob(String name, Predicate<Job> condition) {
        return cluster.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).waitUntilCondition(
                job -> job != null && job.getStatus() != null && condition.test(job), TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return what the agent containers printed (they stay after they exit, until their pod is deleted) */
    private String agentContainerOutput() throws Exception {
        DockerCommand docker = new DockerCommand(work.resolve("docker"));
        StringBuilder output = new StringBuilder();
        for (String name : docker.run(60, "ps", "-a", "--filter", "name=^semaphore-agent-", "--format", "{{.Names}}")
                .stdout().lines().toList()) {
            Installation.Result logs = docker.run(60, "logs", name);
            output.append(name).append(":\n").append(logs.stdout()).append(logs.stderr());
        }
        return output.toString();
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs the step; when it fails, adds what the controller and the agent containers printed. */
    private <T> T explained(Step<T> step) throws Exception {
        try {
            return step.run();
        } catch (Exception | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ncontroller:\n" + Files.readString(work.resolve("controller.log"))
                    + "\nagent containers:\n" + agentContainerOutput() + "\nfake control plane: " + hub.summary(), e);
        }
    }

    private static boolean isAgent(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && "semaphore-job".equals(labels.get("semaphoreci.com/resource-type"));
    }

    private static Pod onHostWithKubeconfig(Pod pod, Path kube) {
        return new PodBuilder(pod).editSpec().withHostNetwork(true)
                .addNewVolume().withName("node-kubeconfig").withNewHostPath().withPath(kube.toString()).endHostPath().endVolume()
                .editFirstContainer()
                .addNewEnv().withName("KUBECONFIG").withValue("/opt/node-kube/kubeconfig").endEnv()
                .addNewVolumeMount().withName("node-kubeconfig").withMountPath("/opt/node-kube").withReadOnly(true).endVolumeMount()
                .endContainer().endSpec().build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
