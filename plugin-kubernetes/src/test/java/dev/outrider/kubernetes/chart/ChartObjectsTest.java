package dev.outrider.kubernetes.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's golden renderings, created in fabric8's mock API server: each object is accepted and read
 * back as its type, and the objects fit together (service accounts, role bindings, the endpoint Secret,
 * the pod spec decorator and the pre-job hook it mounts, the agents' permissions).
 */
class ChartObjectsTest {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    /** Each test creates its release in a namespace of its own, so one server serves them all. */
    private final String namespace = ChartFiles.NAMESPACE + "-" + NAMESPACES.incrementAndGet();

    @BeforeAll
    static void startApiServer() {
        // CRUD mode: objects are stored as created and listed, read and watched back
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        server.destroy();
    }

    static List<String> valueSets() {
        return ChartFiles.valueSets();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyRenderedObjectIsAcceptedAndReadBackAsItsType(String valueSet) {
        List<HasMetadata> rendered = createGolden(valueSet);

        assertThat(rendered).isNotEmpty();
        for (HasMetadata object : rendered) {
            HasMetadata stored = client.resource(object).inNamespace(namespace).get();
            assertThat(stored).as("%s %s", object.getKind(), object.getMetadata().getName())
                    .isNotNull().isInstanceOf(object.getClass());
            assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
        assertThat(rendered).extracting(HasMetadata::getKind)
                .contains("ServiceAccount", "Secret", "Role", "RoleBinding", "Deployment")
                .isSubsetOf("ServiceAccount", "Secret", "ConfigMap", "Role", "RoleBinding", "Deployment");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theControllerRunsAsAServiceAccountBoundToItsRole(String valueSet) {
        createGolden(valueSet);
        Deployment deployment = onlyDeployment();
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();

        assertThat(client.serviceAccounts().inNamespace(namespace).withName(account).get()).isNotNull();
        assertThat(rulesBoundTo(account)).contains(
                rule("batch", "jobs", "get", "create", "delete", "list", "watch"),
                rule("", "secrets", "get", "watch", "list"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("/opt/outrider/bin/outrider", "controller");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theAgentsServiceAccountMayDoWhatOutridersKubernetesExecutorDoes(String valueSet) {
        createGolden(valueSet);
        String account = env("KUBERNETES_SERVICE_ACCOUNT").orElseThrow();

        assertThat(client.serviceAccounts().inNamespace(namespace).withName(account).get()).isNotNull();
        assertThat(rulesBoundTo(account)).contains(
                rule("", "pods", "get", "create", "patch", "delete", "list", "watch"),
                rule("", "pods/exec", "create", "get"),
                rule("", "secrets", "create", "delete", "list"),
                rule("", "configmaps", "get"));
    }

    @Test
    void theControllerReadsTheEndpointFromTheChartsSecret() {
        createGolden("defaults");
        EnvVar endpoint = envVar("SEMAPHORE_ENDPOINT").orElseThrow();
        String secretName = endpoint.getValueFrom().getSecretKeyRef().getName();

        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        assertThat(secret.getStringData()).containsEntry(endpoint.getValueFrom().getSecretKeyRef().getKey(),
                "my-org.semaphoreci.com");
    }

    @Test
    void theControllerReadsTheEndpointFromTheUsersSecretWhenNamed() {
        createGolden("endpoint-secret");
        EnvVar endpoint = envVar("SEMAPHORE_ENDPOINT").orElseThrow();

        assertThat(endpoint.getValueFrom().getSecretKeyRef().getName()).isEqualTo("semaphore-endpoint");
        assertThat(endpoint.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(env("SEMAPHORE_AGENT_STARTUP_PARAMETERS")).contains("--kubernetes-pod-start-timeout 300");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theAgentsDecoratorIsAConfigMapOfAContainerAndAPodSpecThatMountThePreJobHook(String valueSet) {
        createGolden(valueSet);
        List<String> flags = Arrays.asList(env("SEMAPHORE_AGENT_STARTUP_PARAMETERS").orElseThrow().split(" "));
        if (!flags.contains("--kubernetes-pod-spec")) {
            return; // no decorator in this value set (endpoint-secret): checked above
        }
        ConfigMap decorator = client.configMaps().inNamespace(namespace)
                .withName(flags.get(flags.indexOf("--kubernetes-pod-spec") + 1)).get();
        assertThat(decorator).isNotNull();
        KubernetesSerialization yaml = client.getKubernetesSerialization();
        Container main = yaml.unmarshal(decorator.getData().get("mainContainer"), Container.class);
        PodSpec pod = yaml.unmarshal(decorator.getData().get("pod"), PodSpec.class);
        if (decorator.getData().containsKey("sidecarContainers")) {
            assertThat(yaml.unmarshal(decorator.getData().get("sidecarContainers"), Container.class)).isNotNull();
        }

        String hookPath = flags.get(flags.indexOf("--pre-job-hook-path") + 1);
        VolumeMount mount = main.getVolumeMounts().stream()
                .filter(m -> hookPath.equals(m.getMountPath() + "/pre-job-hook")).findFirst()
                .orElseThrow(() -> new AssertionError("the main container mounts nothing at the folder of "
                        + "--pre-job-hook-path " + hookPath + ": " + main.getVolumeMounts()));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the pod has no volume " + mount.getName()));
        Secret hook = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
        assertThat(hook.getStringData()).containsKey("pre-job-hook");
        assertThat(flags).contains("--source-pre-job-hook");
    }

    @Test
    void theDefaultPreJobHookDownloadsNothing() {
        createGolden("defaults");
        Secret hook = client.secrets().inNamespace(namespace).withName("semaphore-controller-outrider").get();

        assertThat(hook.getStringData().get("pre-job-hook"))
                .contains("if [ -n \"${OUTRIDER_TOOLBOX_URL:-}\" ]; then");
        ConfigMap decorator = client.configMaps().inNamespace(namespace).withName("semaphore-controller-outrider-pod-spec")
                .get();
        assertThat(decorator.getData().get("mainContainer")).doesNotContain("OUTRIDER_TOOLBOX_URL");
    }

    @Test
    void outridersAdditionsReachTheController() {
        createGolden("outrider-additions");

        assertThat(env("SEMAPHORE_AGENT_LABELS")).contains("cost-center=42,team=platform");
        assertThat(env("SEMAPHORE_NO_HTTPS")).contains("true");
        assertThat(env("SEMAPHORE_AGENT_COMMAND")).contains("/opt/outrider/bin/outrider start");
        assertThat(env("MAX_PARALLEL_JOBS_PER_TYPE")).contains("3");
        assertThat(env("SEMAPHORE_AGENT_STARTUP_PARAMETERS").orElseThrow()).endsWith(" --no-https");
        assertThat(env("OUTRIDER_STATUS_ADDRESS")).contains("0.0.0.0:9464");
        assertThat(env("OUTRIDER_LOG_LEVEL")).contains("debug");
        assertThat(client.getKubernetesSerialization().unmarshal(env("OUTRIDER_AGENT_RESOURCES").orElseThrow(),
                io.fabric8.kubernetes.api.model.ResourceRequirements.class).getLimits())
                .containsOnlyKeys("memory");
        ConfigMap decorator = client.configMaps().inNamespace(namespace).withName("semaphore-controller-outrider-pod-spec")
                .get();
        assertThat(decorator.getData().get("mainContainer")).contains("OUTRIDER_TOOLBOX_URL");
    }

    @Test
    void aSemaphoreValuesFileMeansWhatItMeansForSemaphoresChart() {
        createGolden("semaphore");

        assertThat(env("SEMAPHORE_AGENT_IMAGE")).contains("semaphoreci/agent:v2.3.0");
        assertThat(env("SEMAPHORE_AGENT_LOG_LEVEL")).contains("debug");
        assertThat(env("MAX_PARALLEL_JOBS")).contains("4");
        assertThat(env("KEEP_FAILED_JOBS_FOR")).contains("7d");
        assertThat(env("KEEP_SUCCESSFUL_JOBS_FOR")).contains("15m");
        assertThat(env("JOB_START_TIMEOUT")).contains("30m");
        assertThat(env("SEMAPHORE_AGENT_STARTUP_PARAMETERS")).contains("--kubernetes-pod-spec semaphore-controller-pod-spec"
                + " --pre-job-hook-path /opt/semaphore/custom-hooks/pre-job-hook --source-pre-job-hook"
                + " --kubernetes-pod-start-timeout 600 --kubernetes-allowed-images ^ruby:,^postgres:"
                + " --kubernetes-default-image ruby:3.3");
        Secret hook = client.secrets().inNamespace(namespace).withName("semaphore-controller").get();
        assertThat(hook.getStringData().get("pre-job-hook")).isEqualTo("echo \"hello from a custom pre-job hook\"\n");
    }

    private List<HasMetadata> createGolden(String valueSet) {
        String golden = ChartFiles.read(ChartFiles.goldenFile(valueSet));
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(golden.getBytes(StandardCharsets.UTF_8)))
                .items();
        for (HasMetadata object : objects) {
            client.resource(object).inNamespace(namespace).create();
        }
        return objects;
    }

    private Deployment onlyDeployment() {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        assertThat(deployments).hasSize(1);
        return deployments.get(0);
    }

    private Optional<EnvVar> envVar(String name) {
        return onlyDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(variable -> variable.getName().equals(name)).findFirst();
    }

    private Optional<String> env(String name) {
        return envVar(name).map(EnvVar::getValue);
    }

    /**
     * The rules of every Role bound to this service account, each as "group resource verb,verb"; each binding
     * names the account with the release's namespace, as a RoleBinding's subject needs.
     */
    private Set<String> rulesBoundTo(String serviceAccount) {
        ServiceAccount account = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get();
        assertThat(account).as("service account %s", serviceAccount).isNotNull();
        Set<String> rules = new java.util.HashSet<>();
        for (RoleBinding binding : client.rbac().roleBindings().inNamespace(namespace).list().getItems()) {
            List<Subject> subjects = binding.getSubjects().stream()
                    .filter(subject -> subject.getName().equals(serviceAccount)).toList();
            if (subjects.isEmpty()) {
                continue;
            }
            assertThat(subjects).allSatisfy(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getNamespace()).isEqualTo(ChartFiles.NAMESPACE);
            });
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            Role role = client.rbac().roles().inNamespace(namespace).withName(binding.getRoleRef().getName()).get();
            assertThat(role).as("role %s bound to %s", binding.getRoleRef().getName(), serviceAccount).isNotNull();
            role.getRules().stream().flatMap(ChartObjectsTest::rules).forEach(rules::add);
        }
        return rules;
    }

    private static java.util.stream.Stream<String> rules(PolicyRule rule) {
        return rule.getApiGroups().stream().flatMap(group -> rule.getResources().stream()
                .map(resource -> rule(group, resource, rule.getVerbs().toArray(String[]::new))));
    }

    private static String rule(String group, String resource, String... verbs) {
        return group + " " + resource + " " + String.join(",", verbs);
    }
}
