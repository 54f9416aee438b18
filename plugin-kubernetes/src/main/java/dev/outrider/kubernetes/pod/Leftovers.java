package dev.outrider.kubernetes.pod;

import dev.outrider.kubernetes.api.JobCluster;
import dev.outrider.kubernetes.pod.AgentIdentity.PodState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the pods and Secrets that agents which are gone left in the namespace (they crashed before
 * their jobs' clean-up): those labelled {@code app.kubernetes.io/managed-by: outrider} whose owning
 * agent {@link AgentIdentity#ownerIsGone is gone}. A live agent's objects are never touched.
 */
public final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** @return how many objects were removed */
    public static int sweep(JobCluster cluster, AgentIdentity self) {
        int removed = 0;
        for (Pod pod : cluster.podsLabelled(JobNames.MANAGED_BY, JobNames.MANAGER)) {
            if (self.ownerIsGone(pod.getMetadata().getAnnotations(), agent -> state(cluster, agent))) {
                removed += cluster.deletePod(pod.getMetadata().getName()) ? 1 : 0;
            }
        }
        for (HasMetadata secret : cluster.secretsLabelled(JobNames.MANAGED_BY, JobNames.MANAGER)) {
            if (self.ownerIsGone(secret.getMetadata().getAnnotations(), agent -> state(cluster, agent))) {
                removed += cluster.deleteSecret(secret.getMetadata().getName()) ? 1 : 0;
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} pods and Secrets that agents which are gone left in namespace {}", removed,
                    cluster.namespace());
        }
        return removed;
    }

    private static PodState state(JobCluster cluster, Map.Entry<String, String> agent) {
        Optional<Pod> pod = cluster.pod(agent.getKey());
        if (pod.isEmpty() || !agent.getValue().equals(pod.get().getMetadata().getUid())) {
            return PodState.GONE;
        }
        String phase = pod.get().getStatus() == null ? null : pod.get().getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) ? PodState.FINISHED : PodState.RUNNING;
    }
}
