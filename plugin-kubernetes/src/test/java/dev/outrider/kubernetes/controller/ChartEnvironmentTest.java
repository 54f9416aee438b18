package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.chart.ChartFiles;
import dev.outrider.kubernetes.chart.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart (charts/outrider, rendered by helm with each value set of its ci/ folder) and the controller
 * agree on the controller's environment: the chart sets only variables the controller reads, the
 * controller accepts what the chart sets, and every setting of the controller can be set through the chart.
 */
class ChartEnvironmentTest {

    /** What the user's own endpoint Secret (endpointSecret.name) holds, which the chart does not render. */
    private static final String USERS_ENDPOINT = "my-org.semaphoreci.com";

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private static Helm helm;

    @BeforeAll
    static void fetchHelm() {
        helm = Helm.fetched();
    }

    static List<String> valueSets() {
        return ChartFiles.valueSets();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theChartGivesTheControllerOnlyVariablesItReads(String valueSet) {
        List<String> names = controller(render(valueSet)).getEnv().stream().map(EnvVar::getName).toList();

        assertThat(names).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(ControllerProcess.VARIABLES).as("variables outrider controller reads"
                        + " (the chart's %s values set %s)", valueSet, name).contains(name));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theControllerAcceptsTheEnvironmentTheChartGivesIt(String valueSet) {
        Map<String, String> environment = environment(render(valueSet));

        ControllerSettings settings = ControllerSettings.fromEnvironment(environment);

        assertThat(EnvironmentProxies.fromEnvironment(environment)).isNotNull();
        assertThat(settings.endpoint()).isNotEmpty();
    }

    @Test
    void everySettingOfTheControllerCanBeGivenThroughTheChart() {
        Set<String> given = new TreeSet<>();
        for (String valueSet : valueSets()) {
            controller(render(valueSet)).getEnv().forEach(variable -> given.add(variable.getName()));
        }

        assertThat(given).containsAll(ControllerSettings.VARIABLES).contains("KUBERNETES_NAMESPACE", "OUTRIDER_LOG_LEVEL");
    }

    @Test
    void outridersAdditionsMeanToTheControllerWhatTheChartSays() {
        List<KubernetesResource> objects = render("outrider-additions");

        ControllerSettings settings = ControllerSettings.fromEnvironment(environment(objects));

        assertThat(settings.https()).isFalse();
        assertThat(settings.endpoint()).isEqualTo("127.0.0.1:8000");
        assertThat(settings.agentCommand()).containsExactly("/opt/outrider/bin/outrider", "start");
        assertThat(settings.maxParallelJobsPerType()).hasValue(3);
        assertThat(settings.labels()).containsExactly("cost-center=42", "team=platform");
        assertThat(settings.agentResources()).isEqualTo(new AgentResources(Map.of("cpu", "100m", "memory", "128Mi"),
                Map.of("memory", "256Mi")));
        assertThat(settings.statusAddress()).contains(new StatusAddress("0.0.0.0", 9464));
        Container controller = controller(objects);
        assertThat(controller.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getContainerPort()).isEqualTo(9464);
            assertThat(port.getName()).isEqualTo("status");
        });
        assertThat(controller.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(controller.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("status");
        assertThat(controller.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    }

    @Test
    void theChartsDefaultsLeaveTheControllerAtItsOwn() {
        List<KubernetesResource> objects = render("defaults");

        ControllerSettings settings = ControllerSettings.fromEnvironment(environment(objects));

        assertThat(settings.https()).isTrue();
        assertThat(settings.agentCommand()).containsExactly("/opt/semaphore/agent", "start");
        assertThat(settings.maxParallelJobsPerType()).isEmpty();
        assertThat(settings.agentResources()).isEqualTo(AgentResources.NONE);
        assertThat(settings.statusAddress()).isEmpty();
        assertThat(controller(objects).getLivenessProbe()).isNull();
    }

    private static List<KubernetesResource> render(String valueSet) {
        Helm.Result template = helm.run("template", ChartFiles.RELEASE, ChartFiles.CHART.toString(),
                "--namespace", ChartFiles.NAMESPACE, "-f", ChartFiles.valuesFile(valueSet).toString());
        assertThat(template.exitCode()).as("helm template with %s values:\n%s", valueSet, template).isZero();
        return Arrays.stream(template.stdout().split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(document -> (KubernetesResource) YAML.unmarshal(document))
                .toList();
    }

    private static Container controller(List<KubernetesResource> objects) {
        List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).toList();
        assertThat(deployments).hasSize(1);
        List<Container> containers = deployments.getFirst().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    /** The controller container's environment as the kubelet would give it. */
    private static Map<String, String> environment(List<KubernetesResource> objects) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : controller(objects).getEnv()) {
            environment.put(variable.getName(), value(variable, objects));
        }
        return environment;
    }

    private static String value(EnvVar variable, List<KubernetesResource> objects) {
        if (variable.getValueFrom() == null) {
            return variable.getValue() == null ? "" : variable.getValue();
        }
        if (variable.getValueFrom().getFieldRef() != null
                && "metadata.namespace".equals(variable.getValueFrom().getFieldRef().getFieldPath())) {
            return ChartFiles.NAMESPACE;
        }
        if (variable.getValueFrom().getSecretKeyRef() != null) {
            String name = variable.getValueFrom().getSecretKeyRef().getName();
            String key = variable.getValueFrom().getSecretKeyRef().getKey();
            return objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                    .filter(secret -> secret.getMetadata().getName().equals(name)).findFirst()
                    .map(secret -> secretValue(secret, key)).orElse(USERS_ENDPOINT);
        }
        throw new AssertionError("the chart gives " + variable.getName() + " from " + variable.getValueFrom()
                + ", which this test cannot resolve: teach it");
    }

    private static String secretValue(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        assertThat(secret.getData()).as("Secret %s", secret.getMetadata().getName()).containsKey(key);
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
