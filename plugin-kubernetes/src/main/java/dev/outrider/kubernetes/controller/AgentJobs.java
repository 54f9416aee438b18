package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The agent Jobs in the controller's namespace: list, create, delete. */
final class AgentJobs {

    private final KubernetesClient client;
    private final String namespace;

    AgentJobs(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    String namespace() {
        return namespace;
    }

    /** @return the Jobs labelled {@code semaphoreci.com/resource-type=semaphore-job} */
    List<AgentJob> list(Instant now) {
        return client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(AgentJobTemplate.RESOURCE_TYPE_LABEL, AgentJobTemplate.SEMAPHORE_JOB)
                .list().getItems().stream()
                .map(job -> AgentJob.of(job, now))
                .flatMap(Optional::stream)
                .toList();
    }

    /** @return {@code true} if created, {@code false} if a Job of that name exists already */
    boolean create(Job job) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes a Job and, in the background, its pod. */
    void delete(String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}
