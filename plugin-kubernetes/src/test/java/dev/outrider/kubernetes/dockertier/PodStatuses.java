package dev.outrider.kubernetes.dockertier;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.List;

/** The pod and container statuses a kubelet writes, with every field a strict client expects. */
final class PodStatuses {

    private PodStatuses() {
    }

    static ContainerStatus running(String name, String image, String imageId, String containerId, Instant startedAt) {
        return base(name, image, imageId, containerId).withReady(true).withStarted(true)
                .withNewState().withNewRunning().withStartedAt(startedAt.toString()).endRunning().endState().build();
    }

    static ContainerStatus waiting(String name, String image, String reason, String message) {
        return base(name, image, "", null).withReady(false).withStarted(false)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    static ContainerStatus terminated(ContainerStatus running, int exitCode, Instant finishedAt) {
        return new ContainerStatusBuilder(running).withReady(false).withStarted(false)
                .withNewState().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                .withContainerID(running.getContainerID())
                .withStartedAt(running.getState().getRunning() == null ? null : running.getState().getRunning().getStartedAt())
                .withFinishedAt(finishedAt.toString()).endTerminated().endState().build();
    }

    /** @return the status of a pod with these container statuses in that phase */
    static PodStatus pod(String phase, List<ContainerStatus> containers, Instant startTime) {
        boolean ready = "Running".equals(phase) && containers.stream().allMatch(ContainerStatus::getReady);
        String now = Instant.now().toString();
        return new PodStatusBuilder().withPhase(phase).withHostIP("127.0.0.1").withPodIP("127.0.0.1")
                .withStartTime(startTime.toString()).withQosClass("BestEffort")
                .withConditions(condition("PodScheduled", true, now), condition("Initialized", true, now),
                        condition("ContainersReady", ready, now), condition("Ready", ready, now))
                .withContainerStatuses(containers).build();
    }

    private static ContainerStatusBuilder base(String name, String image, String imageId, String containerId) {
        return new ContainerStatusBuilder().withName(name).withImage(image).withImageID(imageId)
                .withContainerID(containerId).withRestartCount(0);
    }

    private static PodCondition condition(String type, boolean status, String at) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withLastTransitionTime(at).build();
    }
}
