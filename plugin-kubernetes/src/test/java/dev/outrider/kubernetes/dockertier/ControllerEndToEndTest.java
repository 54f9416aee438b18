package dev.outrider.kubernetes.dockertier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.AgentSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code outrider controller} (the distribution's, as a process) against the Docker-backed cluster and the
 * fake control plane: it sees the queued job, creates the agent Job, whose pod runs Outrider's image
 * ({@code /opt/semaphore/agent start … --kubernetes-executor}); the agent registers for that job and is
 * handed it. The agent pods run on the host network with a kubeconfig for the mock API server (the node's
 * adjustment: in a real cluster they would use their service account).
 */
class ControllerEndToEndTest {

    private static final String NAMESPACE = "ci";
    private static final String AGENT_TYPE = "s1-docker-tier";
    private static final String TOKEN = "registration-token-docker-tier";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private FakeControlPlane hub;
    private DockerCluster cluster;
    private Process controller;
    private Path work;

    @BeforeEach
    void start() throws Exception {
        DockerEngine.assumeAvailable();
        String image = OutriderImage.assumeBuilt();
        work = DockerEngine.workFolder("controller-e2e");
        hub = FakeControlPlane.start();
        hub.addAgentType(AGENT_TYPE, TOKEN);
        Path kube = Files.createDirectories(work.resolve("kube"));
        cluster = DockerCluster.start(work.resolve("node"), pod -> isAgent(pod) ? onHostWithKubeconfig(pod, kube) : pod);
        Path kubeconfig = cluster.kubeconfig(kube);
        Files.setPosixFilePermissions(kube, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
        cluster.client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("agent-type-a")
                .addToLabels("semaphoreci.com/resource-type", "agent-type-configuration").endMetadata()
                .withData(Map.of("agentTypeName", base64(AGENT_TYPE), "registrationToken", base64(TOKEN))).build()).create();
        ProcessBuilder builder = new ProcessBuilder(OutriderImage.distribution().resolve("bin/outrider").toString(), "controller")
                .redirectErrorStream(true).redirectOutput(work.resolve("controller.log").toFile());
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
    void controllerStartsAnAgentJobWhoseAgentRegistersForTheQueuedJobAndGetsIt() throws Exception {
        long queuedAt = System.nanoTime();
        String jobId = hub.scheduleJobFor(AGENT_TYPE, FakeControlPlane.jobWithCommands("echo from-the-job-pod"));
        String agentJob = "semaphore-agent-" + jobId;

        Job started = awaitOrExplain(() -> awaitJob(agentJob, job -> Integer.valueOf(1).equals(job.getStatus().getReady())
                || job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0));
        long startedAt = System.nanoTime();
        assertThat(started.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--job-id", jobId, "--kubernetes-executor", "--disconnect-after-job");

        if (!OutriderImage.hasKubernetesExecutor()) {
            // Outrider checks its executors before it registers: without the executor, the agent in the
            // pod must say so and its Job fail, which shows the image, command, flags and env were right.
            awaitOrExplain(() -> awaitJob(agentJob, job -> job.getStatus().getFailed() != null && job.getStatus().getFailed() == 1));
            String agentOutput = agentContainerOutput();
            assertThat(agentOutput).contains("executor 'kubernetes' cannot be used: no executor 'kubernetes'")
                    .doesNotContain(TOKEN);
            System.out.println("SKIPPED the rest of " + getClass().getSimpleName() + ": the distribution has no "
                    + "kubernetes executor yet ('outrider plugins' lists none); its agent said: " + agentOutput.strip());
            assumeTrue(false, "the distribution has no kubernetes executor");
        }
        List<AgentSnapshot> registered = awaitOrExplain(() -> hub.awaitRegistered(1, TIMEOUT));
        long registeredAt = System.nanoTime();
        assertThat(registered.get(0).registration().jobId()).isEqualTo(jobId);
        assertThat(registered.get(0).registration().singleJob()).isTrue();
        String result = awaitOrExplain(() -> hub.awaitJobFinished(jobId, TIMEOUT));
        System.out.printf("dockertier timing: queued -> agent pod started %d ms, -> agent registered %d ms, -> job finished %d ms%n",
                (startedAt - queuedAt) / 1_000_000, (registeredAt - queuedAt) / 1_000_000, (System.nanoTime() - queuedAt) / 1_000_000);
        assertThat(result).as("the job's log:\n%s", String.join("\n", hub.events(jobId))).isEqualTo("passed");
        assertThat(String.join("\n", hub.events(jobId))).contains("from-the-job-pod");
        awaitOrExplain(() -> awaitJob(agentJob, job -> Integer.valueOf(1).equals(job.getStatus().getSucceeded())));
    }

    private Job awaitJob(String name, java.util.function.Predicate<Job> condition) {
        return cluster.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).waitUntilCondition(
                job -> job != null && job.getStatus() != null && condition.test(job), TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return what the agent containers printed (they stay after they exit, until their pod is deleted) */
    private static String agentContainerOutput() {
        DockerCli docker = new DockerCli();
        return docker.run("ps", "-a", "--filter", "label=" + ContainerRunArgs.POD_LABEL, "--format", "{{.Names}}")
                .out().lines().filter(name -> name.startsWith("semaphore-agent-"))
                .map(name -> {
                    DockerCli.Result logs = docker.run("logs", name);
                    return name + ":\n" + logs.out() + logs.err();
                })
                .reduce("", String::concat);
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs the step; when it fails, adds what the controller and the agent container printed. */
    private <T> T awaitOrExplain(Step<T> step) throws Exception {
        try {
            return step.run();
        } catch (Exception | AssertionError e) {
            String agentLogs = agentContainerOutput();
            throw new AssertionError(e.getMessage() + "\ncontroller:\n" + Files.readString(work.resolve("controller.log"))
                    + "\nagent containers:\n" + agentLogs + "\nfake control plane: " + hub.summary(), e);
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
