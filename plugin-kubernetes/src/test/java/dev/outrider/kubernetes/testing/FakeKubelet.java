package dev.outrider.kubernetes.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A kubelet for the fake API server that runs no containers: when a pod is created it writes the pod's
 * Secret volume to a folder (for the {@link ExecBridge}) and sets the status a test chose
 * ({@link #behave}); when a pod is deleted it ends the pod's processes.
 */
public final class FakeKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final Path volumes;
    private final ExecBridge bridge;
    private final Watch watch;
    private volatile Function<Pod, PodStatus> behaviour = FakeKubelet::running;

    FakeKubelet(KubernetesClient client, String namespace, Path volumes, ExecBridge bridge) {
        this.client = client;
        this.namespace = namespace;
        this.volumes = volumes;
        this.bridge = bridge;
        this.watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    started(pod);
                } else if (action == Action.DELETED) {
                    bridge.podDeleted(namespace, pod.getMetadata().getName(), pod.getMetadata().getUid());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /**
     * @param status the status a new pod gets; {@code null} from it leaves the pod pending
     */
    public void behave(Function<Pod, PodStatus> status) {
        this.behaviour = Objects.requireNonNull(status);
    }

    private void started(Pod pod) {
        String name = pod.getMetadata().getName();
        Path volume = volumes.resolve(namespace).resolve(name);
        Map<String, String> env = new LinkedHashMap<>();
        try {
            Files.createDirectories(volume);
            for (Volume v : pod.getSpec().getVolumes()) {
                if (v.getSecret() != null) {
                    write(client.secrets().inNamespace(namespace).withName(v.getSecret().getSecretName()).get(), volume);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (EnvVar variable : pod.getSpec().getContainers().get(0).getEnv()) {
            env.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
        }
        bridge.podStarted(namespace, name, pod.getMetadata().getUid(), volume, env);
        PodStatus status = behaviour.apply(pod);
        if (status != null) {
            client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
                p.setStatus(status);
                return p;
            });
        }
    }

    private static void write(Secret secret, Path folder) throws IOException {
        if (secret == null) {
            return;
        }
        if (secret.getData() != null) {
            for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
                Files.write(folder.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
            }
        }
        if (secret.getStringData() != null) {
            for (Map.Entry<String, String> entry : secret.getStringData().entrySet()) {
                Files.writeString(folder.resolve(entry.getKey()), entry.getValue(), StandardCharsets.UTF_8);
            }
        }
    }

    /** @return the status of a pod whose containers all run and are ready */
    public static PodStatus running(Pod pod) {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withImageID("sha256:" + Integer.toHexString(c.getImage().hashCode())).withContainerID("fake://" + c.getName())
                    .withReady(true).withStarted(true).withRestartCount(0).withNewState().withNewRunning()
                    .withStartedAt(Instant.now().toString()).endRunning().endState().build());
        }
        return new PodStatusBuilder().withPhase("Running").withContainerStatuses(statuses).build();
    }

    /** @return a behaviour where the main container waits for a reason (a pull error, ...) */
    public static Function<Pod, PodStatus> waiting(String reason, String message) {
        return pod -> {
            Container main = pod.getSpec().getContainers().get(0);
            return new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                    .withName(main.getName()).withImage(main.getImage()).withReady(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                    .build()).build();
        };
    }

    /** @return a behaviour where the pod has failed at once */
    public static Function<Pod, PodStatus> failed(String reason, String message) {
        return pod -> new PodStatusBuilder().withPhase("Failed").withReason(reason).withMessage(message).build();
    }

    /** @return a behaviour where pods stay pending, without any status */
    public static Function<Pod, PodStatus> pending() {
        return pod -> null;
    }

    @Override
    public void close() {
        watch.close();
    }
}
