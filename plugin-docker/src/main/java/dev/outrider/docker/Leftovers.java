package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the containers and networks that agents of this machine created and could not remove
 * because they crashed: labelled {@link Labels#OWNER} with a process that is gone.
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** @return how many containers and networks were removed */
    static int remove(DockerClient docker) {
        int removed = 0;
        try {
            List<Container> containers = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(Labels.OWNER)).exec();
            for (Container container : containers) {
                if (Labels.ownerIsGone(container.getLabels().get(Labels.OWNER))) {
                    docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed++;
                }
            }
            for (Network network : docker.listNetworksCmd().exec()) {
                if (network.getLabels() != null && Labels.ownerIsGone(network.getLabels().get(Labels.OWNER))) {
                    docker.removeNetworkCmd(network.getId()).exec();
                    removed++;
                }
            }
            if (removed > 0) {
                LOG.info("Removed {} containers and networks left by agents of this machine that are gone", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look for containers left by crashed agents: {}", e.getMessage());
        }
        return removed;
    }
}
