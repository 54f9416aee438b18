package dev.outrider.kubernetes.dockertier;

import dev.outrider.kubernetes.dockertier.DockerCli.Result;
import dev.outrider.kubernetes.dockertier.PodVolumes.HostVolume;
import dev.outrider.kubernetes.dockertier.PodVolumes.MissingObjectException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A kubelet for the mock API server that runs pods as Docker containers of this machine: it watches pods,
 * starts each new one ({@link ContainerRunArgs}), writes the status a kubelet would (Running and ready,
 * ErrImagePull for an image the engine does not have, CreateContainerConfigError for a missing Secret,
 * Succeeded or Failed when the first container exits) and removes the containers of a deleted pod. Work
 * on one pod is done in order, pods in parallel. Closing it removes every container it made; starting
 * it removes those of a crashed earlier run (a process that no longer lives).
 */
public final class FakeKubelet implements AutoCloseable {

    private static final Duration FOREVER = Duration.ofDays(1);

    private final KubernetesClient client;
    private final DockerCli docker;
    private final PodVolumes volumes;
    private final ContainerRunArgs runArgs;
    private final UnaryOperator<Pod> nodeAdjustments;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<Void>> podWork = new ConcurrentHashMap<>();
    private final Map<String, Pod> running = new ConcurrentHashMap<>();
    private final Path pullConfigs;
    private Watch watch;

    /**
     * @param nodeAdjustments what this node changes in a pod before running it (not written back), e.g.
     *                        host network and a kubeconfig for pods that must reach the API server
     */
    FakeKubelet(KubernetesClient client, DockerCli docker, Path workFolder, UnaryOperator<Pod> nodeAdjustments) {
        this.client = client;
        this.docker = docker;
        this.volumes = new PodVolumes(client, workFolder.resolve("volumes"));
        this.pullConfigs = workFolder.resolve("pull");
        this.runArgs = new ContainerRunArgs(client);
        this.nodeAdjustments = nodeAdjustments;
    }

    FakeKubelet start() {
        removeLeftovers();
        watch = client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                switch (action) {
                    case ADDED -> inOrder(pod, () -> run(pod));
                    case DELETED -> inOrder(pod, () -> remove(pod));
                    default -> {
                        // status edits, including ours
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // closed by close(), or the server went away at the end of a test
            }
        });
        return this;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        running.values().forEach(pod -> inOrder(pod, () -> remove(pod)));
        podWork.values().forEach(work -> work.exceptionally(e -> null).join());
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the names of the containers of that pod on the engine, running or not */
    public List<String> containersOf(String namespace, String podName) {
        String out = docker.run("ps", "-a", "--filter", "label=" + ContainerRunArgs.POD_LABEL + "=" + namespace + "/" + podName,
                "--format", "{{.Names}}").orThrow();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private void inOrder(Pod pod, Runnable task) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        podWork.compute(key, (k, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .exceptionally(e -> null)
                .thenRunAsync(task, workers)
                .whenComplete((nothing, failure) -> {
                    if (failure != null) {
                        System.err.println("fake kubelet: " + key + ": " + failure);
                    }
                }));
    }

    private void run(Pod stored) {
        Pod pod = nodeAdjustments.apply(new PodBuilder(stored).build());
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        running.put(key, pod);
        Instant startTime = Instant.now();
        List<Container> containers = pod.getSpec().getContainers();
        List<Pulled> pulled = pullAll(pod);
        if (pulled.stream().anyMatch(image -> image.problem() != null)) {
            List<ContainerStatus> waiting = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                String problem = pulled.get(i).problem();
                waiting.add(PodStatuses.waiting(containers.get(i).getName(), containers.get(i).getImage(),
                        problem == null ? "ContainerCreating" : "ErrImagePull", problem == null ? "" : problem));
            }
            writeStatus(pod, PodStatuses.pod("Pending", waiting, startTime));
            return;
        }
        Map<String, HostVolume> hostVolumes;
        List<List<String>> args = new ArrayList<>();
        try {
            hostVolumes = volumes.prepare(pod);
            for (int i = 0; i < containers.size(); i++) {
                args.add(runArgs.of(pod, i, hostVolumes));
            }
        } catch (MissingObjectException e) {
            writeStatus(pod, PodStatuses.pod("Pending", containers.stream()
                    .map(c -> PodStatuses.waiting(c.getName(), c.getImage(), "CreateContainerConfigError", e.getMessage()))
                    .toList(), startTime));
            return;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            Result started = docker.run(args.get(i));
            if (!started.ok()) {
                statuses.add(PodStatuses.waiting(container.getName(), container.getImage(), "RunContainerError", started.err().strip()));
                containers.stream().skip(i + 1).forEach(c -> statuses.add(
                        PodStatuses.waiting(c.getName(), c.getImage(), "PodInitializing", "")));
                writeStatus(pod, PodStatuses.pod("Pending", statuses, startTime));
                return;
            }
            statuses.add(PodStatuses.running(container.getName(), container.getImage(),
                    pulled.get(i).imageId(), "docker://" + started.out().strip(), Instant.now()));
        }
        writeStatus(pod, PodStatuses.pod("Running", statuses, startTime));
        String main = ContainerRunArgs.containerName(pod, containers.get(0).getName());
        workers.execute(() -> awaitExit(pod, main, statuses, startTime));
    }

    /** A container's image on the engine: its id, or why it is not there. */
    private record Pulled(String imageId, String problem) {
    }

    /** @return per container: its image, pulled from a loopback registry with the pod's pull Secrets if the engine lacks it */
    private List<Pulled> pullAll(Pod pod) {
        List<Pulled> images = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            Result inspected = docker.run("image", "inspect", "--format", "{{.Id}}", container.getImage());
            String problem = inspected.ok() ? null : pull(pod, container.getImage());
            if (problem == null && !inspected.ok()) {
                inspected = docker.run("image", "inspect", "--format", "{{.Id}}", container.getImage());
            }
            images.add(new Pulled(problem == null ? "docker://" + inspected.out().strip() : "", problem));
        }
        return images;
    }

    /** @return null when pulled, else why not */
    private String pull(Pod pod, String image) {
        String registry = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
        if (!(registry.startsWith("127.0.0.1:") || registry.startsWith("localhost:"))) {
            return "failed to pull image \"" + image + "\": the engine does not have it and the fake kubelet pulls only "
                    + "from registries on 127.0.0.1";
        }
        List<LocalObjectReference> secrets = pod.getSpec().getImagePullSecrets() == null ? List.of() : pod.getSpec().getImagePullSecrets();
        // never the engine's own logins (~/.docker/config.json): only what the pod brings counts
        Path anonymous = pullConfigs.resolve(pod.getMetadata().getUid() + "-anonymous");
        try {
            Files.createDirectories(anonymous);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result tried = docker.run("--config", anonymous.toString(), "pull", image);
        if (tried.ok()) {
            return null;
        }
        String last = tried.err().strip();
        for (LocalObjectReference reference : secrets) {
            byte[] config = PodVolumes.secretValue(client.secrets().inNamespace(pod.getMetadata().getNamespace())
                    .withName(reference.getName()).get(), ".dockerconfigjson");
            if (config == null) {
                continue;
            }
            Path folder = pullConfigs.resolve(pod.getMetadata().getUid() + "-" + reference.getName());
            try {
                Files.createDirectories(folder);
                Files.write(folder.resolve("config.json"), config);
                Result pulled = docker.run("--config", folder.toString(), "pull", image);
                if (pulled.ok()) {
                    return null;
                }
                last = pulled.err().strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                folder.resolve("config.json").toFile().delete();
            }
        }
        return docker.run("image", "inspect", image).ok() ? null : "failed to pull image \"" + image + "\": " + last;
    }

    private void awaitExit(Pod pod, String main, List<ContainerStatus> statuses, Instant startTime) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Result waited = docker.run(FOREVER, List.of("wait", main));
        if (running.get(key) != pod || !waited.ok()) {
            return; // deleted meanwhile
        }
        int exitCode = Integer.parseInt(waited.out().strip());
        List<ContainerStatus> finished = new ArrayList<>(statuses);
        finished.set(0, PodStatuses.terminated(statuses.get(0), exitCode, Instant.now()));
        writeStatus(pod, PodStatuses.pod(exitCode == 0 ? "Succeeded" : "Failed", finished, startTime));
    }

    private void remove(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        running.remove(key);
        List<String> names = containersOf(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        if (!names.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(names);
            docker.run(args).orThrow();
        }
        volumes.remove(pod);
    }

    private void writeStatus(Pod pod, PodStatus status) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(stored -> {
                        stored.setStatus(status);
                        return stored;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Removes containers left by a fake kubelet of a process that is gone (a crashed test run). */
    private void removeLeftovers() {
        String out = docker.run("ps", "-a", "--filter", "label=" + ContainerRunArgs.OWNER_LABEL,
                "--format", "{{.ID}} {{.Label \"" + ContainerRunArgs.OWNER_LABEL + "\"}}").orThrow();
        List<String> orphans = new ArrayList<>(List.of("rm", "-f"));
        for (String line : out.isEmpty() ? new String[0] : out.split("\n")) {
            String[] idAndOwner = line.split(" ");
            boolean ownerLives = idAndOwner.length > 1 && idAndOwner[1].matches("\\d+")
                    && ProcessHandle.of(Long.parseLong(idAndOwner[1])).isPresent();
            if (!ownerLives) {
                orphans.add(idAndOwner[0]);
            }
        }
        if (orphans.size() > 2) {
            docker.run(orphans).orThrow();
        }
    }
}
