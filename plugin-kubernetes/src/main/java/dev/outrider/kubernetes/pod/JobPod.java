package dev.outrider.kubernetes.pod;

import dev.outrider.spi.Job;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a job's pod as Semaphore's agent does (spec kubernetes.md §1.3): the decorator's pod spec,
 * a {@code main} container that sleeps (commands come over exec) with the job's Secret at
 * {@code /tmp/injected}, a container per service reachable by its name on 127.0.0.1, restart policy
 * {@code Never}. Unlike Semaphore's agent, services keep their command and entrypoint, the
 * decorator's host aliases stay, and the pod may carry an owner and an active deadline.
 *
 * @param names                 the job's object names
 * @param decorator             the operator's decoration
 * @param labels                the pod's labels
 * @param annotations           the pod's annotations
 * @param owner                 the agent's pod, when it runs in one
 * @param activeDeadlineSeconds 0: the decorator's (or none)
 */
public record JobPod(JobNames names, PodDecorator decorator, Map<String, String> labels, Map<String, String> annotations,
                     Optional<OwnerReference> owner, long activeDeadlineSeconds) {

    /** Where the job's Secret is mounted in the main container. */
    public static final String INJECTED = "/tmp/injected";
    private static final String VOLUME = "environment";

    /**
     * @param containers  the job's containers, the main one first (never empty)
     * @param pullSecret  whether the job has a pull Secret
     * @return the pod
     */
    public Pod build(List<Job.Container> containers, boolean pullSecret) {
        PodSpec spec = decorator.pod().map(p -> new PodSpecBuilder(p).build()).orElseGet(PodSpec::new);
        List<Container> all = new ArrayList<>();
        all.add(main(containers.get(0)));
        for (Job.Container service : containers.subList(1, containers.size())) {
            all.add(service(service));
        }
        spec.setContainers(all);
        if (containers.size() > 1) {
            List<HostAlias> aliases = new ArrayList<>(spec.getHostAliases() == null ? List.of() : spec.getHostAliases());
            aliases.add(new HostAlias(containers.subList(1, containers.size()).stream().map(Job.Container::name).toList(),
                    "127.0.0.1"));
            spec.setHostAliases(aliases);
        }
        if (pullSecret) {
            List<LocalObjectReference> secrets = new ArrayList<>(
                    spec.getImagePullSecrets() == null ? List.of() : spec.getImagePullSecrets());
            secrets.add(new LocalObjectReference(names.pullSecret()));
            spec.setImagePullSecrets(secrets);
        }
        spec.setRestartPolicy("Never");
        if (activeDeadlineSeconds > 0) {
            spec.setActiveDeadlineSeconds(activeDeadlineSeconds);
        }
        List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>(
                spec.getVolumes() == null ? List.of() : spec.getVolumes());
        volumes.add(new VolumeBuilder().withName(VOLUME).withNewSecret().withSecretName(names.secret()).endSecret().build());
        spec.setVolumes(volumes);
        return new PodBuilder().withNewMetadata().withName(names.pod()).withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .withOwnerReferences(owner.map(List::of).orElse(null)).endMetadata()
                .withSpec(spec).build();
    }

    private Container main(Job.Container job) {
        ContainerBuilder main = new ContainerBuilder(decorator.main().orElseGet(Container::new));
        return main.withName("main").withImage(job.image()).withCommand("bash", "-c", "sleep infinity").withArgs()
                .withEnv(env(decorator.main(), job)).addToVolumeMounts(new VolumeMountBuilder().withName(VOLUME)
                        .withMountPath(INJECTED).withReadOnly(true).build())
                .build();
    }

    private Container service(Job.Container job) {
        ContainerBuilder service = new ContainerBuilder(decorator.sidecar().orElseGet(Container::new))
                .withName(job.name()).withImage(job.image()).withEnv(env(decorator.sidecar(), job));
        if (!job.entrypoint().isBlank()) {
            service.withCommand(words(job.entrypoint()));
        }
        if (!job.command().isBlank()) {
            service.withArgs(words(job.command()));
        }
        return service.build();
    }

    private static List<EnvVar> env(Optional<Container> decoration, Job.Container job) {
        List<EnvVar> env = new ArrayList<>(decoration.map(Container::getEnv).orElse(List.of()));
        for (Job.EnvVar variable : job.envVars()) {
            env.add(new EnvVar(variable.name(), new String(variable.value(), StandardCharsets.UTF_8), null));
        }
        return env;
    }

    /** Splits a compose-style command on blanks, as the Docker executor's services get it. */
    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).toList();
    }
}
