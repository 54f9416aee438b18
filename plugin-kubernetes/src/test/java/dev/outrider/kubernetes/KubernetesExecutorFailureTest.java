package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.testing.FakeCluster;
import dev.outrider.kubernetes.testing.FakeKubelet;
import dev.outrider.spi.JobResult;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a job fails before its commands, against the fake API server and a kubelet that only sets
 * statuses: one named line in the job log, the job failed, and no pod or Secret of it left.
 */
class KubernetesExecutorFailureTest {

    @TempDir
    Path temp;

    private FakeCluster cluster;

    @BeforeEach
    void start() {
        cluster = new FakeCluster(temp);
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        try {
            FakeCluster.await(() -> cluster.pods().isEmpty() && cluster.secrets().isEmpty(), Duration.ofSeconds(30),
                    "no pod or Secret of the job is left: " + cluster.pods().size() + " pods, "
                            + cluster.secrets().size() + " Secrets");
        } finally {
            cluster.close();
        }
    }

    private JobRun run(Map<String, Object> extra, JobRequests job) throws InterruptedException {
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.putAll(extra);
        try (JobHarness harness = new JobHarness(new KubernetesExecutorFactory(Map.of(), temp), options)) {
            return harness.run(job.command("echo never").build());
        }
    }

    private static void assertFailedWith(JobRun run, String step, String line) {
        assertThat(run.result()).isEqualTo(JobResult.FAILED);
        assertThat(run.outputOf(step)).contains(line);
        assertThat(run.output()).doesNotContain("never");
    }

    private static final String CREATING = "Creating Kubernetes resources for job...";
    private static final String STARTING = "Starting shell session...";

    @Test
    void aJobWithoutContainersAndNoDefaultImageFails() throws Exception {
        JobRun run = run(Map.of(), JobRequests.job());
        assertFailedWith(run, CREATING, "Failed to create pod: error building pod spec: error building containers for pod"
                + " spec: no containers specified in Semaphore YAML, and no default container is provided\n");
    }

    @Test
    void anImageThatIsNotAllowedFailsBeforeAnythingIsCreated() throws Exception {
        JobRun run = run(Map.of("allowed-images", List.of("^registry.example.com/")),
                JobRequests.job().container("main", "evil.io/registry.example.com/miner"));
        assertFailedWith(run, CREATING, "error validating images: image 'evil.io/registry.example.com/miner' is not allowed\n");
    }

    @Test
    void aMissingDecoratorConfigMapFailsTheJob() throws Exception {
        JobRun run = run(Map.of("pod-spec", "decorator", "default-image", "img"), JobRequests.job());
        assertFailedWith(run, CREATING, "Failed to load pod spec: error finding configmap 'decorator'");
    }

    @Test
    void aMalformedDecoratorFailsTheJobNamingTheKey() throws Exception {
        cluster.client().configMaps().inNamespace(FakeCluster.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("decorator").endMetadata()
                .addToData("mainContainer", "resources: [this is not a map").build()).create();
        JobRun run = run(Map.of("pod-spec", "decorator", "default-image", "img"), JobRequests.job());
        assertFailedWith(run, CREATING, "Failed to load pod spec: error unmarshaling mainContainer from configmap 'decorator'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ErrImagePull", "ImagePullBackOff", "InvalidImageName"})
    void anImageThatCannotBePulledFailsAtOnce(String reason) throws Exception {
        cluster.kubelet().behave(FakeKubelet.waiting(reason, "no such image"));
        JobRun run = run(Map.of("default-image", "nowhere/img:1"), JobRequests.job());
        assertFailedWith(run, STARTING, "Failed to create pod: failed to pull image for 'main': [container 'nowhere/img:1'"
                + " waiting - reason='" + reason + "', message='no such image']\n");
    }

    @Test
    void aContainerThatCannotBeConfiguredFailsAtOnce() throws Exception {
        cluster.kubelet().behave(FakeKubelet.waiting("CreateContainerConfigError", "secret \"x\" not found"));
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job());
        assertFailedWith(run, STARTING, "Failed to create pod: container 'main' cannot be created: [container 'img'"
                + " waiting - reason='CreateContainerConfigError', message='secret \"x\" not found']\n");
    }

    @Test
    void aPodThatEndsEarlyFailsTheJob() throws Exception {
        cluster.kubelet().behave(FakeKubelet.failed("Evicted", "low on memory"));
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job());
        assertFailedWith(run, STARTING, "Failed to create pod: pod 'semaphore-job-test-job' already finished with status"
                + " Failed - reason: 'Evicted', message: 'low on memory', statuses: []\n");
    }

    @Test
    void aPodThatNeverBecomesReadyTimesOut() throws Exception {
        cluster.kubelet().behave(FakeKubelet.pending());
        JobRun run = run(Map.of("default-image", "img", "pod-start-timeout", "1"), JobRequests.job());
        assertFailedWith(run, STARTING, "Failed to create pod: [Waiting for pod to be ready] failed after [1] attempts -"
                + " giving up: pod in pending state - statuses: []\n");
        assertThat(run.outputOf(STARTING)).startsWith("pod in pending state - statuses: []\n");
    }

    @Test
    void aStoppedJobStopsWaitingForItsPod() throws Exception {
        cluster.kubelet().behave(FakeKubelet.pending());
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.put("default-image", "img");
        try (JobHarness harness = new JobHarness(new KubernetesExecutorFactory(Map.of(), temp), options)) {
            JobHarness.Running running = harness.start(JobRequests.job().command("echo never").build(),
                    dev.outrider.config.JobSettings.NONE);
            running.awaitLine(line -> line.contains("pod in pending state"), Duration.ofSeconds(60));
            running.stop();
            JobRun run = running.await(Duration.ofSeconds(60));
            assertThat(run.result()).isEqualTo(JobResult.STOPPED);
            assertThat(run.output()).doesNotContain("never");
        }
    }

    @Test
    void aFileLargerThanASecretMayBeFailsTheJob() throws Exception {
        JobRun run = run(Map.of("default-image", "img"),
                JobRequests.job().file("/tmp/big", "x".repeat(1024 * 1024 + 1), "0644"));
        assertFailedWith(run, CREATING, "Failed to create environment secret: error creating secret"
                + " 'semaphore-job-test-job-secret': file '/tmp/big' (1048577 bytes) makes the job's files larger than a"
                + " Kubernetes Secret may be (1 MiB in all)");
    }

    @Test
    void aPathTooLongForASecretKeyFailsTheJob() throws Exception {
        String path = "/tmp/" + "d".repeat(200);
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job().file(path, "x", "0644"));
        assertFailedWith(run, CREATING, "the path of file '" + path + "' is too long to be a Secret key");
    }

    @Test
    void aForbiddenPodCreationNamesVerbResourceAndWhatToGrant() throws Exception {
        cluster.server().expect().post().withPath("/api/v1/namespaces/ci/pods").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withReason("Forbidden").withMessage("pods is forbidden: User"
                        + " \"system:serviceaccount:ci:agent\" cannot create resource \"pods\" in the namespace \"ci\"")
                .build()).once();
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job());
        assertFailedWith(run, CREATING, "Failed to create pod: error creating pod: forbidden: cannot create pods in"
                + " namespace ci: pods is forbidden: User \"system:serviceaccount:ci:agent\" cannot create resource"
                + " \"pods\" in the namespace \"ci\" (grant the agent's service account 'create' on 'pods' in namespace ci");
    }

    @Test
    void aForbiddenSecretCreationFailsBeforeThePod() throws Exception {
        cluster.server().expect().post().withPath("/api/v1/namespaces/ci/secrets").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withMessage("secrets is forbidden").build()).once();
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job());
        assertFailedWith(run, CREATING, "Failed to create environment secret: error creating secret"
                + " 'semaphore-job-test-job-secret': forbidden: cannot create secrets in namespace ci: secrets is forbidden");
    }

    @Test
    void anInvalidPodIsReportedAsTheServerSaysIt() throws Exception {
        cluster.server().expect().post().withPath("/api/v1/namespaces/ci/pods").andReturn(422, new StatusBuilder()
                .withStatus("Failure").withCode(422).withReason("Invalid").withMessage("Pod \"semaphore-job-test-job\""
                        + " is invalid: spec.containers[0].image: Required value").build()).once();
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job());
        assertFailedWith(run, CREATING, "Failed to create pod: error creating pod: invalid: cannot create pods in namespace"
                + " ci: Pod \"semaphore-job-test-job\" is invalid: spec.containers[0].image: Required value\n");
    }

    @Test
    void aForbiddenExecNamesThePermissionToGrant() throws Exception {
        cluster.bridge().refuse(403, "pods \"semaphore-job-test-job\" is forbidden: cannot create resource \"pods/exec\"");
        JobRun run = run(Map.of("default-image", "img"), JobRequests.job());
        assertFailedWith(run, STARTING, "Failed to start shell in kubernetes container\n");
        assertThat(run.outputOf(STARTING)).contains("forbidden: cannot create pods/exec in namespace ci:",
                "(grant the agent's service account 'create' and 'get' on 'pods/exec' in namespace ci");
    }

    @Test
    void aForbiddenWatchFallsBackToPolling() throws Exception {
        cluster.server().expect().get().withPath("/api/v1/namespaces/ci/pods?allowWatchBookmarks=true&fieldSelector="
                + "metadata.name%3Dsemaphore-job-test-job&watch=true").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withMessage("pods is forbidden: cannot watch").build()).always();
        Map<String, Object> options = new HashMap<>(cluster.options());
        options.put("default-image", "img");
        try (JobHarness harness = new JobHarness(new KubernetesExecutorFactory(Map.of(), temp), options)) {
            JobRun run = harness.run(JobRequests.job().command("echo polled").build());
            assertThat(run.result()).isEqualTo(JobResult.PASSED);
            assertThat(run.outputOf("echo polled")).isEqualTo("polled\n");
        }
    }

    @Test
    void noCredentialsFailTheJobSayingWhereTheyWereLookedFor() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        try (JobHarness harness = new JobHarness(new KubernetesExecutorFactory(Map.of(), home),
                Map.of("default-image", "img"))) {
            JobRun run = harness.run(JobRequests.job().command("echo never").build());
            assertFailedWith(run, CREATING, "Failed to connect to Kubernetes: no Kubernetes credentials: no kubeconfig"
                    + " option, KUBECONFIG is not set");
        }
    }
}
