package dev.outrider.kubernetes.dockertier;

import static dev.outrider.kubernetes.dockertier.TestPods.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Docker-backed cluster itself, through a plain fabric8 client: what the Kubernetes executor's tests rely on. */
class DockerClusterTest {

    @RegisterExtension
    static final WithDockerCluster env = new WithDockerCluster("docker-cluster");

    @Test
    void mainContainerReachesTheSidecarsListenerThroughItsHostAlias() throws Exception {
        String name = TestPods.uniqueName("sidecar");
        env.pods().create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewContainer().withName("main").withImage(DockerEngine.image()).withCommand("bash", "-c", "sleep infinity").endContainer()
                .addNewContainer().withName("db").withImage(DockerEngine.image())
                .withCommand("bash", "-c", "while true; do echo PONG | nc -l -p 6379; done").endContainer()
                .addNewHostAlias().withIp("127.0.0.1").withHostnames("db").endHostAlias()
                .withRestartPolicy("Never").endSpec().build());
        env.pods().awaitReady(name);

        Await.until("the sidecar answers on db:6379", TestPods.TIMEOUT, () -> {
            try {
                return env.pods().exec(name, "main", "bash", "-c", "exec 3<>/dev/tcp/db/6379 && cat <&3").out().contains("PONG");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void containerSeesItsEnvironmentFieldRefsSecretKeysAndSecretVolume() throws Exception {
        String name = TestPods.uniqueName("env");
        env.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name + "-secret").endMetadata()
                .withStringData(Map.of(".env", "export FROM_FILE='a b'\n"))
                .withData(Map.of("token", Base64.getEncoder().encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8))))
                .build()).create();
        env.pods().create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewContainer().withName("main").withImage(DockerEngine.image()).withCommand("bash", "-c", "sleep infinity")
                .addNewEnv().withName("PLAIN").withValue("plain value").endEnv()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef().withName(name + "-secret").withKey("token")
                .endSecretKeyRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("environment").withMountPath("/tmp/injected").withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("environment").withNewSecret().withSecretName(name + "-secret").endSecret().endVolume()
                .endSpec().build());
        env.pods().awaitReady(name);

        TestPods.Executed seen = env.pods().exec(name, "main", "bash", "-c",
                "echo \"$PLAIN|$POD|$TOKEN\"; source /tmp/injected/.env; echo \"$FROM_FILE|$(cat /tmp/injected/token)\"; "
                        + "touch /tmp/injected/x 2>/dev/null || echo read-only");

        assertThat(seen.out()).contains("plain value|" + name + "|s3cr3t", "a b|s3cr3t", "read-only");
        assertThat(seen.exitCode()).isZero();
    }

    @Test
    void execWithTtyRunsALoginShellAndReportsItsExitCode() throws Exception {
        String name = TestPods.uniqueName("tty");
        env.pods().readySleeper(name, DockerEngine.image());
        TestPods.SynchronizedBytes out = new TestPods.SynchronizedBytes();

        try (ExecWatch shell = env.pods().loginShell(name, "main", out)) {
            TestPods.type(shell, "stty -echo; echo \"tty=$(tty) sum=$((6*7))\"; exit 3");
            int exitCode = shell.exitCode().get(TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(exitCode).isEqualTo(3);
            assertThat(out.text()).contains("tty=/dev/pts/", "sum=42");
        }
    }

    @Test
    void execWithoutTtyPassesOutputErrorsAndExitCodes() throws Exception {
        String name = TestPods.uniqueName("plain");
        env.pods().readySleeper(name, DockerEngine.image());

        TestPods.Executed ok = env.pods().exec(name, "main", "bash", "-c", "id -u; echo to-stderr >&2");
        TestPods.Executed failed = env.pods().exec(name, "main", "bash", "-c", "exit 7");

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("0\n", "to-stderr");
        assertThat(failed.exitCode()).isEqualTo(7);
    }

    @Test
    void aCutStreamEndsWithoutAnExitCode() throws Exception {
        String name = TestPods.uniqueName("cut");
        env.pods().readySleeper(name, DockerEngine.image());
        TestPods.SynchronizedBytes out = new TestPods.SynchronizedBytes();

        try (ExecWatch shell = env.pods().loginShell(name, "main", out)) {
            TestPods.type(shell, "echo started-$((1+1)); sleep 600");
            Await.until("the command started", TestPods.TIMEOUT, () -> out.text().contains("started-2"));

            assertThat(env.cluster().exec.cutStreams()).isEqualTo(1);

            Integer exitCode = shell.exitCode().get(TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(exitCode).as("fabric8's exit code of a stream closed without a status frame").isNull();
            Await.until("the bridge let go of the stream", TestPods.TIMEOUT, () -> env.cluster().exec.openStreams() == 0);
        }
    }

    @Test
    void anImageTheEngineDoesNotHaveIsErrImagePull() {
        String name = TestPods.uniqueName("pull");
        env.pods().create(TestPods.sleeper(name, "example.invalid/no-such-image:1"));

        Pod pod = env.pods().awaitPod(name, p -> TestPods.status(p, "main").map(s -> s.getState().getWaiting() != null).orElse(false));

        ContainerStatus main = TestPods.status(pod, "main").orElseThrow();
        assertThat(main.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        assertThat(main.getState().getWaiting().getMessage()).contains("example.invalid/no-such-image:1");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void runningPodHasTheStatusOfAKubeletAndDeletingItRemovesItsContainers() {
        String name = TestPods.uniqueName("delete");
        env.pods().create(new PodBuilder(TestPods.sleeper(name, DockerEngine.image())).editSpec()
                .addNewContainer().withName("side").withImage(DockerEngine.image()).withCommand("bash", "-c", "sleep infinity").endContainer()
                .endSpec().build());
        Pod ready = env.pods().awaitReady(name);
        assertThat(env.cluster().kubelet.containersOf(NAMESPACE, name)).containsExactlyInAnyOrder(name + "--main", name + "--side");
        ContainerStatus main = TestPods.status(ready, "main").orElseThrow();
        assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
        assertThat(main.getReady()).isTrue();
        assertThat(main.getStarted()).isTrue();
        assertThat(main.getContainerID()).startsWith("docker://");
        assertThat(main.getImageID()).startsWith("docker://sha256:");
        assertThat(main.getState().getRunning().getStartedAt()).isNotBlank();

        env.client().pods().inNamespace(NAMESPACE).withName(name).delete();

        Await.until("no containers of " + name, TestPods.TIMEOUT, () -> env.cluster().kubelet.containersOf(NAMESPACE, name).isEmpty());
    }

    @Test
    void podEndsSucceededOrFailedWithTheMainContainersExitCode() {
        String succeeds = TestPods.uniqueName("ok");
        String fails = TestPods.uniqueName("fail");
        env.pods().create(new PodBuilder(TestPods.sleeper(succeeds, DockerEngine.image())).editSpec().editContainer(0)
                .withCommand("bash", "-c", "exit 0").endContainer().endSpec().build());
        env.pods().create(new PodBuilder(TestPods.sleeper(fails, DockerEngine.image())).editSpec().editContainer(0)
                .withCommand("bash", "-c", "exit 4").endContainer().endSpec().build());

        Pod done = env.pods().awaitPod(succeeds, p -> "Succeeded".equals(p.getStatus() == null ? null : p.getStatus().getPhase()));
        Pod failed = env.pods().awaitPod(fails, p -> "Failed".equals(p.getStatus() == null ? null : p.getStatus().getPhase()));

        assertThat(TestPods.status(done, "main").orElseThrow().getState().getTerminated().getExitCode()).isZero();
        assertThat(TestPods.status(failed, "main").orElseThrow().getState().getTerminated().getExitCode()).isEqualTo(4);
        assertThat(TestPods.status(failed, "main").orElseThrow().getState().getTerminated().getReason()).isEqualTo("Error");
    }

    @Test
    void jobGetsAPodAndItsStatusFollowsThePod() throws Exception {
        String name = TestPods.uniqueName("job");
        env.client().batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewMetadata().addToLabels("role", "agent").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("agent").withImage(DockerEngine.image())
                .withCommand("bash", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 0")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();

        Job running = env.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).waitUntilCondition(
                job -> job != null && job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getReady()),
                TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(running.getStatus().getActive()).isEqualTo(1);
        List<Pod> jobPods = env.client().pods().inNamespace(NAMESPACE).withLabel(FakeJobController.JOB_NAME_LABEL, name).list().getItems();
        assertThat(jobPods).hasSize(1);
        Pod pod = jobPods.get(0);
        assertThat(pod.getMetadata().getName()).startsWith(name + "-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("role", "agent");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo(name));

        assertThat(env.pods().exec(pod.getMetadata().getName(), "agent", "mkdir", "/tmp/go").exitCode()).isZero();

        Job complete = env.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).waitUntilCondition(
                job -> job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getSucceeded()),
                TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(complete.getStatus().getActive()).isZero();
        assertThat(complete.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("Complete"));

        env.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).delete();
        Await.until("the Job's pod is gone", TestPods.TIMEOUT,
                () -> env.client().pods().inNamespace(NAMESPACE).withLabel(FakeJobController.JOB_NAME_LABEL, name).list().getItems().isEmpty()
                        && env.cluster().kubelet.containersOf(NAMESPACE, pod.getMetadata().getName()).isEmpty());
    }

    @Test
    void execIntoAContainerThatIsNotRunningIsRefusedBeforeAnyStream() throws Exception {
        String name = TestPods.uniqueName("gone");
        env.pods().create(new PodBuilder(TestPods.sleeper(name, DockerEngine.image())).editSpec().editContainer(0)
                .withCommand("bash", "-c", "exit 0").endContainer().endSpec().build());
        env.pods().awaitPod(name, p -> "Succeeded".equals(p.getStatus() == null ? null : p.getStatus().getPhase()));

        assertThatThrownBy(() -> env.pods().exec(name, "main", "true")).hasStackTraceContaining("400");
        assertThat(env.cluster().exec.openStreams()).isZero();
    }

    @Test
    void expectationsInjectFaultsBeforeTheCrudApi() {
        String name = TestPods.uniqueName("refused");
        env.cluster().server.expect().post().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withReason("Forbidden")
                        .withMessage("pods is forbidden: User cannot create resource").withCode(403).build()).once();

        assertThatThrownBy(() -> env.pods().create(TestPods.sleeper(name, DockerEngine.image())))
                .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        env.pods().create(TestPods.sleeper(name, DockerEngine.image()));
        env.pods().awaitReady(name);
    }
}
