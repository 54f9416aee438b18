package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.pod.AgentIdentity;
import dev.outrider.kubernetes.pod.JobNames;
import dev.outrider.kubernetes.testing.FakeCluster;
import dev.outrider.kubernetes.testing.FakeKubelet;
import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent running in a pod: its job pods carry the job's labels, the agent's identity, an owner
 * reference to the agent's pod and the active deadline; its first job's connection sweeps what an
 * ended agent of the same pod left.
 */
class KubernetesExecutorOwnershipTest {

    private static final Map<String, String> IN_A_POD = Map.of("HOSTNAME", "agent-0", "KUBERNETES_SERVICE_HOST", "10.0.0.1");

    @TempDir
    Path temp;

    private FakeCluster cluster;

    @BeforeEach
    void start() {
        cluster = new FakeCluster(temp);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void jobPodsAreOwnedByTheAgentsPodLabelledAndDeadlined() throws Exception {
        cluster.client().pods().inNamespace(FakeCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("agent-0").endMetadata().withNewSpec().addNewContainer().withName("agent").withImage("outrider")
                .endContainer().endSpec().build()).create();
        String agentUid = cluster.client().pods().inNamespace(FakeCluster.NAMESPACE).withName("agent-0").get()
                .getMetadata().getUid();
        AtomicReference<Pod> created = new AtomicReference<>();
        cluster.kubelet().behave(pod -> {
            if (pod.getMetadata().getName().startsWith("semaphore-job-")) {
                created.set(pod);
            }
            return FakeKubelet.running(pod);
        });
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.putAll(Map.of("default-image", "img", "active-deadline-seconds", 7200, "labels", List.of("team=ci")));
        try (JobHarness harness = new JobHarness(new KubernetesExecutorFactory(IN_A_POD, temp), options)) {
            assertThat(harness.run(JobRequests.job().command("true").build()).result()).isEqualTo(JobResult.PASSED);
        }
        Pod pod = created.get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "ci").containsEntry(JobNames.JOB_ID, "test-job")
                .containsEntry(JobNames.MANAGED_BY, "outrider");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pod");
            assertThat(owner.getName()).isEqualTo("agent-0");
            assertThat(owner.getUid()).isEqualTo(agentUid);
        });
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(AgentIdentity.AGENT_POD, "agent-0/" + agentUid)
                .containsEntry(AgentIdentity.AGENT, "agent-0/" + ProcessHandle.current().pid() + "/"
                        + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElseThrow());
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
    }

    @Test
    void theFirstJobSweepsWhatAnEndedAgentOfThisPodLeft() throws Exception {
        Process ended = new ProcessBuilder("sleep", "60").start();
        long started = ended.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        ended.destroy();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        cluster.client().pods().inNamespace(FakeCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("semaphore-job-crashed").withLabels(Map.of(JobNames.MANAGED_BY, JobNames.MANAGER))
                .withAnnotations(Map.of(AgentIdentity.AGENT, "agent-0/" + ended.pid() + "/" + started)).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("img").endContainer().endSpec().build()).create();
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.put("default-image", "img");
        try (JobHarness harness = new JobHarness(new KubernetesExecutorFactory(IN_A_POD, temp), options)) {
            assertThat(harness.run(JobRequests.job().command("true").build()).result()).isEqualTo(JobResult.PASSED);
        }
        FakeCluster.await(() -> cluster.pods().isEmpty(), Duration.ofSeconds(30), "the crashed agent's pod is swept");
    }
}
