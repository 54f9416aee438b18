package dev.outrider.kubernetes.dockertier;

import dev.outrider.kubernetes.dockertier.PodVolumes.HostVolume;
import dev.outrider.kubernetes.dockertier.PodVolumes.MissingObjectException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code docker run} arguments of one container of a pod: named {@code <pod>--<container>}, labelled
 * with the pod, the first container owning the pod's network (none, or the host's for hostNetwork pods)
 * and the others joining it so that they share localhost, as containers of a pod do.
 */
final class ContainerRunArgs {

    static final String POD_LABEL = "outrider.fake-kubelet.pod";
    static final String OWNER_LABEL = "outrider.fake-kubelet.owner";

    private final KubernetesClient client;

    ContainerRunArgs(KubernetesClient client) {
        this.client = client;
    }

    static String containerName(Pod pod, String container) {
        return pod.getMetadata().getName() + "--" + container;
    }

    List<String> of(Pod pod, int index, Map<String, HostVolume> volumes) {
        Container container = pod.getSpec().getContainers().get(index);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", containerName(pod, container.getName()),
                "--label", POD_LABEL + "=" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                "--label", OWNER_LABEL + "=" + ProcessHandle.current().pid()));
        if (index == 0) {
            args.add(Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? "--network=host" : "--network=none");
            args.add("--hostname=" + pod.getMetadata().getName());
            if (pod.getSpec().getHostAliases() != null) {
                for (HostAlias alias : pod.getSpec().getHostAliases()) {
                    for (String name : alias.getHostnames()) {
                        args.add("--add-host=" + name + ":" + alias.getIp());
                    }
                }
            }
        } else {
            args.add("--network=container:" + containerName(pod, pod.getSpec().getContainers().get(0).getName()));
        }
        Long user = runAsUser(pod, container);
        if (user != null) {
            args.add("--user=" + user);
        }
        if (container.getWorkingDir() != null) {
            args.add("--workdir=" + container.getWorkingDir());
        }
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            args.add("--env=" + variable.getName() + "=" + value(pod, variable));
        }
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            HostVolume volume = volumes.get(mount.getName());
            if (volume == null) {
                throw new MissingObjectException("volume mount \"" + mount.getName() + "\" of container \""
                        + container.getName() + "\" names no volume of the pod");
            }
            String source = mount.getSubPath() == null ? volume.path().toString() : volume.path().resolve(mount.getSubPath()).toString();
            boolean readOnly = volume.alwaysReadOnly() || Boolean.TRUE.equals(mount.getReadOnly());
            args.add("--volume=" + source + ":" + mount.getMountPath() + (readOnly ? ":ro" : ""));
        }
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        if (!command.isEmpty()) {
            args.add("--entrypoint=" + command.get(0));
        }
        args.add(container.getImage());
        args.addAll(command.stream().skip(1).toList());
        if (container.getArgs() != null) {
            args.addAll(container.getArgs());
        }
        return args;
    }

    private static Long runAsUser(Pod pod, Container container) {
        if (container.getSecurityContext() != null && container.getSecurityContext().getRunAsUser() != null) {
            return container.getSecurityContext().getRunAsUser();
        }
        return pod.getSpec().getSecurityContext() == null ? null : pod.getSpec().getSecurityContext().getRunAsUser();
    }

    private String value(Pod pod, EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return variable.getValue() == null ? "" : variable.getValue();
        }
        var from = variable.getValueFrom();
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> pod.getMetadata().getNamespace();
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "status.podIP", "status.hostIP" -> "127.0.0.1";
                case "spec.nodeName" -> "fake-kubelet";
                case "spec.serviceAccountName" -> String.valueOf(pod.getSpec().getServiceAccountName());
                default -> throw new MissingObjectException("env " + variable.getName() + ": the fake kubelet does not know "
                        + "fieldRef " + from.getFieldRef().getFieldPath());
            };
        }
        String namespace = pod.getMetadata().getNamespace();
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            byte[] value = PodVolumes.secretValue(client.secrets().inNamespace(namespace).withName(ref.getName()).get(), ref.getKey());
            if (value == null) {
                throw new MissingObjectException("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return new String(value, StandardCharsets.UTF_8);
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            var map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null) {
                throw new MissingObjectException("couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        throw new MissingObjectException("env " + variable.getName() + ": the fake kubelet knows only value, fieldRef, "
                + "secretKeyRef and configMapKeyRef");
    }
}
