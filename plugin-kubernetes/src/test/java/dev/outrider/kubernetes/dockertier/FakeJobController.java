package dev.outrider.kubernetes.dockertier;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's Job controller for batch/v1 Jobs in the mock API server, one pod per Job (backoffLimit 0,
 * as the agent Jobs are): creates the pod from the template ({@code <job>-<random>}, label
 * {@code job-name}, an ownerReference), keeps the Job's status in step with it (active, ready,
 * succeeded/failed, conditions Complete/Failed) and deletes the pods of a deleted Job.
 */
final class FakeJobController implements AutoCloseable {

    static final String JOB_NAME_LABEL = "job-name";
    private static final String LETTERS = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> Thread.ofVirtual().unstarted(r));
    private final List<Watch> watches = new ArrayList<>();

    FakeJobController(KubernetesClient client) {
        this.client = client;
    }

    FakeJobController start() {
        watches.add(client.batch().v1().jobs().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                switch (action) {
                    case ADDED -> worker.execute(() -> createPod(job));
                    case DELETED -> worker.execute(() -> deletePods(job));
                    default -> {
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        watches.add(client.pods().inAnyNamespace().withLabel(JOB_NAME_LABEL).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.MODIFIED) {
                    worker.execute(() -> follow(pod));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        return this;
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createPod(Job job) {
        String jobName = job.getMetadata().getName();
        Map<String, String> labels = new LinkedHashMap<>();
        if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(JOB_NAME_LABEL, jobName);
        labels.put("batch.kubernetes.io/job-name", jobName);
        labels.put("controller-uid", job.getMetadata().getUid());
        Pod pod = new PodBuilder().withNewMetadata().withName(jobName + "-" + suffix())
                .withNamespace(job.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(job.getSpec().getTemplate().getMetadata() == null ? null
                        : job.getSpec().getTemplate().getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(jobName)
                        .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().withSpec(job.getSpec().getTemplate().getSpec()).build();
        client.pods().inNamespace(job.getMetadata().getNamespace()).resource(pod).create();
        editJob(job.getMetadata().getNamespace(), jobName, status -> {
            status.setActive(1);
            status.setReady(0);
            status.setStartTime(Instant.now().toString());
        });
    }

    private void follow(Pod pod) {
        String jobName = pod.getMetadata().getLabels().get(JOB_NAME_LABEL);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String now = Instant.now().toString();
        editJob(pod.getMetadata().getNamespace(), jobName, status -> {
            if (status.getConditions() != null && status.getConditions().stream()
                    .anyMatch(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))) {
                return; // a finished Job stays as it ended
            }
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                boolean succeeded = "Succeeded".equals(phase);
                status.setActive(0);
                status.setReady(0);
                status.setSucceeded(succeeded ? 1 : 0);
                status.setFailed(succeeded ? 0 : 1);
                if (succeeded) {
                    status.setCompletionTime(now);
                }
                List<JobCondition> conditions = new ArrayList<>();
                conditions.add(condition(succeeded ? "SuccessCriteriaMet" : "FailureTarget", now, null));
                conditions.add(condition(succeeded ? "Complete" : "Failed", now, succeeded ? null : "BackoffLimitExceeded"));
                status.setConditions(conditions);
            } else {
                status.setActive(1);
                status.setReady(ready(pod) ? 1 : 0);
            }
        });
    }

    private void deletePods(Job job) {
        client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel(JOB_NAME_LABEL, job.getMetadata().getName()).delete();
    }

    private void editJob(String namespace, String name, java.util.function.Consumer<JobStatus> change) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(job -> {
                if (job.getStatus() == null) {
                    job.setStatus(new JobStatus());
                }
                change.accept(job.getStatus());
                return job;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean ready(Pod pod) {
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static JobCondition condition(String type, String at, String reason) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                .withLastProbeTime(at).withLastTransitionTime(at).build();
    }

    private String suffix() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.toString();
    }
}
