package dev.outrider.kubernetes.pod;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a job pod's state while it starts, with Semaphore's messages: ready, still coming, or failed
 * for good. Fails at once where Semaphore's agent waits out its timeout too: a pull error, an invalid
 * image name, a container that cannot be configured, a finished pod.
 */
public final class PodReadiness {

    /** Waiting reasons that never resolve by themselves. */
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");
    private static final Set<String> CONFIG_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError");

    /** The pod's state. */
    public sealed interface Verdict {
        /** Every container is ready. */
        record Ready() implements Verdict { }

        /** Not yet: the message says why. */
        record Waiting(String message) implements Verdict { }

        /** It never will: the message says why. */
        record Failed(String message) implements Verdict { }
    }

    private PodReadiness() {
    }

    /** @return the verdict on the pod's state; an absent pod has failed */
    public static Verdict of(String name, Optional<Pod> observed) {
        if (observed.isEmpty()) {
            return new Verdict.Failed("pod '" + name + "' was deleted while it was starting");
        }
        Pod pod = observed.get();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<ContainerStatus> containers = status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        String phase = status.getPhase() == null ? "Pending" : status.getPhase();
        if (phase.equals("Failed") || phase.equals("Succeeded")) {
            return new Verdict.Failed("pod '" + name + "' already finished with status " + phase + " - reason: '"
                    + nonNull(status.getReason()) + "', message: '" + nonNull(status.getMessage()) + "', statuses: "
                    + statuses(containers));
        }
        for (ContainerStatus container : containers) {
            ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
            String reason = waiting == null ? "" : nonNull(waiting.getReason());
            if (PULL_FAILURES.contains(reason)) {
                return new Verdict.Failed("failed to pull image for '" + container.getName() + "': " + statuses(containers));
            }
            if (CONFIG_FAILURES.contains(reason)) {
                return new Verdict.Failed("container '" + container.getName() + "' cannot be created: "
                        + statuses(containers));
            }
            if (!Boolean.TRUE.equals(container.getReady())) {
                return new Verdict.Waiting("container '" + container.getName() + "' is not ready yet - statuses: "
                        + statuses(containers));
            }
        }
        if (phase.equals("Pending") || containers.isEmpty()) {
            return new Verdict.Waiting("pod in pending state - statuses: " + statuses(containers));
        }
        return new Verdict.Ready();
    }

    /** As Semaphore's agent shows them: by image, Go's {@code %v} of a string list. */
    static String statuses(List<ContainerStatus> containers) {
        List<String> lines = new ArrayList<>();
        for (ContainerStatus s : containers) {
            var state = s.getState();
            if (state == null) {
                continue;
            }
            if (state.getTerminated() != null) {
                lines.add("container '" + s.getImage() + "' terminated - reason='" + nonNull(state.getTerminated().getReason())
                        + "', message='" + nonNull(state.getTerminated().getMessage()) + "'");
            }
            if (state.getWaiting() != null) {
                lines.add("container '" + s.getImage() + "' waiting - reason='" + nonNull(state.getWaiting().getReason())
                        + "', message='" + nonNull(state.getWaiting().getMessage()) + "'");
            }
            if (state.getRunning() != null) {
                lines.add("container '" + s.getImage() + "' is running since " + state.getRunning().getStartedAt());
            }
        }
        return "[" + String.join(" ", lines) + "]";
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
