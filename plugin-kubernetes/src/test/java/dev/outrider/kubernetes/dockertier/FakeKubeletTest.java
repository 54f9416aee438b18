package dev.outrider.kubernetes.dockertier;

import static dev.outrider.kubernetes.dockertier.TestPods.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fake kubelet's less common paths: users, ConfigMaps, missing objects, private images, failed Jobs, crash leftovers. */
class FakeKubeletTest {

    @RegisterExtension
    static final WithDockerCluster env = new WithDockerCluster("fake-kubelet");

    @Test
    void runsAsThePodsUserWithConfigMapAndEmptyDirVolumes() throws Exception {
        String name = TestPods.uniqueName("user");
        env.client().configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of("hook.sh", "echo hook-ran")).build()).create();
        env.pods().create(new PodBuilder(TestPods.sleeper(name, DockerEngine.image())).editSpec()
                .withNewSecurityContext().withRunAsUser(1000L).endSecurityContext()
                .editFirstContainer().withWorkingDir("/work")
                .addNewVolumeMount().withName("hooks").withMountPath("/opt/hooks").endVolumeMount()
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount().endContainer()
                .addNewVolume().withName("hooks").withNewConfigMap().withName(name).endConfigMap().endVolume()
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());
        env.pods().awaitReady(name);

        TestPods.Executed seen = env.pods().exec(name, "main", "bash", "-c", "id -u; pwd; bash /opt/hooks/hook.sh; echo x > file && cat file");

        assertThat(seen.out()).isEqualTo("1000\n/work\nhook-ran\nx\n");
    }

    @Test
    void aMissingSecretIsCreateContainerConfigError() {
        String name = TestPods.uniqueName("nosecret");
        env.pods().create(new PodBuilder(TestPods.sleeper(name, DockerEngine.image())).editSpec().editFirstContainer()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef().withName("absent").withKey("token")
                .endSecretKeyRef().endValueFrom().endEnv().endContainer().endSpec().build());

        Pod pod = env.pods().awaitPod(name, p -> TestPods.status(p, "main").map(s -> s.getState().getWaiting() != null).orElse(false));

        assertThat(TestPods.status(pod, "main").orElseThrow().getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(env.cluster().kubelet.containersOf(NAMESPACE, name)).isEmpty();
    }

    @Test
    void pullsAPrivateImageFromTheLoopbackRegistryWithThePodsPullSecretOnly() {
        List<String> registry = DockerEngine.privateImageAndLogin();
        String image = registry.get(0);
        new DockerCli().run("rmi", image);
        String wrong = TestPods.uniqueName("wrong-login");
        String right = TestPods.uniqueName("right-login");
        try {
            env.client().secrets().inNamespace(NAMESPACE).resource(pullSecret(wrong, image, registry.get(1), "not-the-password")).create();
            env.pods().create(new PodBuilder(TestPods.sleeper(wrong, image)).editSpec().addNewImagePullSecret(wrong).endSpec().build());
            Pod refused = env.pods().awaitPod(wrong, p -> TestPods.status(p, "main").map(s -> s.getState().getWaiting() != null).orElse(false));
            assertThat(TestPods.status(refused, "main").map(ContainerStatus::getState).orElseThrow().getWaiting().getReason())
                    .isEqualTo("ErrImagePull");

            env.client().secrets().inNamespace(NAMESPACE).resource(pullSecret(right, image, registry.get(1), registry.get(2))).create();
            env.pods().create(new PodBuilder(TestPods.sleeper(right, image)).editSpec().addNewImagePullSecret(right).endSpec().build());
            env.pods().awaitReady(right);
        } finally {
            env.client().pods().inNamespace(NAMESPACE).delete();
            // this test's containers only: other runs on the engine may use the same image (it is the test image's)
            Await.until("the containers of " + wrong + " and " + right + " are removed", TestPods.TIMEOUT,
                    () -> env.cluster().kubelet.containersOf(NAMESPACE, wrong).isEmpty()
                            && env.cluster().kubelet.containersOf(NAMESPACE, right).isEmpty());
            new DockerCli().run("rmi", image);
        }
    }

    @Test
    void jobWhosePodFailsIsFailed() {
        String name = TestPods.uniqueName("failing-job");
        env.client().batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("agent").withImage(DockerEngine.image()).withCommand("bash", "-c", "exit 2")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();

        var failed = env.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).waitUntilCondition(
                job -> job != null && job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getFailed()),
                TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(failed.getStatus().getActive()).isZero();
        assertThat(failed.getStatus().getSucceeded()).isZero();
        assertThat(failed.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Failed");
            assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
        });
    }

    @Test
    void startingRemovesTheContainersOfACrashedEarlierRunButNotThoseOfLiveOnes() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String orphan = TestPods.uniqueName("orphan");
        String live = TestPods.uniqueName("live");
        DockerCli docker = new DockerCli();
        docker.run("run", "-d", "--name", orphan, "--label", ContainerRunArgs.OWNER_LABEL + "=" + gone.pid(),
                "--network=none", DockerEngine.image(), "sleep", "600").orThrow();
        docker.run("run", "-d", "--name", live, "--label", ContainerRunArgs.OWNER_LABEL + "=" + ProcessHandle.current().pid(),
                "--network=none", DockerEngine.image(), "sleep", "600").orThrow();
        try {
            new FakeKubelet(env.client(), docker, DockerEngine.workFolder("second-kubelet"), UnaryOperator.identity()).start().close();

            assertThat(docker.run("ps", "-a", "--filter", "name=^" + orphan + "$", "-q").out()).isBlank();
            assertThat(docker.run("ps", "-a", "--filter", "name=^" + live + "$", "-q").out()).isNotBlank();
        } finally {
            docker.run("rm", "-f", orphan, live);
        }
    }

    private static io.fabric8.kubernetes.api.model.Secret pullSecret(String name, String image, String user, String password) {
        String server = image.substring(0, image.indexOf('/'));
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + server + "\":{\"username\":\"" + user + "\",\"password\":\"" + password
                + "\",\"auth\":\"" + auth + "\"}}}";
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withStringData(Map.of(".dockerconfigjson", config)).build();
    }
}
