package dev.outrider.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.api.Fabric8Cluster;
import dev.outrider.kubernetes.api.JobCluster;
import dev.outrider.kubernetes.testing.FakeCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep of what agents which are gone left: their pods and Secrets go, a live agent's stay, and
 * whatever the sweep cannot judge stays.
 */
class LeftoversTest {

    @TempDir
    Path temp;

    private FakeCluster cluster;
    private JobCluster api;
    private AgentIdentity self;

    @BeforeEach
    void start() {
        cluster = new FakeCluster(temp);
        cluster.kubelet().behave(dev.outrider.kubernetes.testing.FakeKubelet.pending()); // statuses as the test sets them
        api = Fabric8Cluster.open(Optional.of(cluster.kubeconfig()), FakeCluster.NAMESPACE,
                java.time.Duration.ofSeconds(30), Map.of(), temp);
        self = AgentIdentity.current(Map.of(), Optional.empty());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** @return the owner annotation of a process of this host that has ended */
    private String endedProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return self.host() + "/" + process.pid() + "/" + started;
    }

    private void object(String name, boolean managed, Map<String, String> annotations) {
        Map<String, String> labels = managed ? Map.of(JobNames.MANAGED_BY, JobNames.MANAGER) : Map.of("app", "other");
        cluster.client().pods().inNamespace(FakeCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(name).withLabels(labels).withAnnotations(annotations).endMetadata().withNewSpec()
                .addNewContainer().withName("main").withImage("img").endContainer().endSpec().build()).create();
        cluster.client().secrets().inNamespace(FakeCluster.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName(name + "-secret").withLabels(labels).withAnnotations(annotations).endMetadata().build()).create();
    }

    private void agentPod(String name, String phase) {
        cluster.client().pods().inNamespace(FakeCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().addNewContainer().withName("agent").withImage("outrider")
                .endContainer().endSpec().withNewStatus().withPhase(phase).endStatus().build()).create();
    }

    private String uid(String pod) {
        return cluster.client().pods().inNamespace(FakeCluster.NAMESPACE).withName(pod).get().getMetadata().getUid();
    }

    private List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }

    @Test
    void removesWhatAnEndedAgentOfThisHostLeftAndKeepsALiveOnesObjects() throws Exception {
        object("semaphore-job-dead", true, Map.of(AgentIdentity.AGENT, endedProcess()));
        object("semaphore-job-live", true, self.annotations());
        object("unmanaged", false, Map.of(AgentIdentity.AGENT, endedProcess()));

        assertThat(Leftovers.sweep(api, self)).isEqualTo(2);

        assertThat(names(cluster.pods())).containsExactlyInAnyOrder("semaphore-job-live", "unmanaged");
        assertThat(names(cluster.secrets())).containsExactlyInAnyOrder("semaphore-job-live-secret", "unmanaged-secret");
    }

    @Test
    void judgesAnotherHostsAgentByItsPodAndLeavesAnAgentItCannotJudge() throws Exception {
        agentPod("agent-running", "Running");
        agentPod("agent-finished", "Succeeded");
        agentPod("agent-replaced", "Running");
        Map<String, String> elsewhere = new HashMap<>(Map.of(AgentIdentity.AGENT, "other-host/1/1"));
        object("semaphore-job-a", true, with(elsewhere, "agent-running/" + uid("agent-running")));
        object("semaphore-job-b", true, with(elsewhere, "agent-finished/" + uid("agent-finished")));
        object("semaphore-job-c", true, with(elsewhere, "agent-replaced/an-older-uid"));
        object("semaphore-job-d", true, with(elsewhere, "agent-deleted/uid"));
        object("semaphore-job-e", true, elsewhere);

        assertThat(Leftovers.sweep(api, self)).isEqualTo(6);

        assertThat(names(cluster.pods())).containsExactlyInAnyOrder("agent-running", "agent-finished", "agent-replaced",
                "semaphore-job-a", "semaphore-job-e");
    }

    private static Map<String, String> with(Map<String, String> annotations, String agentPod) {
        Map<String, String> all = new HashMap<>(annotations);
        all.put(AgentIdentity.AGENT_POD, agentPod);
        return all;
    }
}
