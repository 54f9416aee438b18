package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControllerSettingsTest {

    private static ControllerSettings read(String... nameValues) {
        Map<String, String> env = new HashMap<>();
        env.put("SEMAPHORE_ENDPOINT", "my-org.semaphoreci.com");
        for (int i = 0; i < nameValues.length; i += 2) {
            env.put(nameValues[i], nameValues[i + 1]);
        }
        return ControllerSettings.fromEnvironment(env);
    }

    @Test
    void defaultsAreUpstreams() {
        ControllerSettings settings = read();

        assertThat(settings.endpoint()).isEqualTo("my-org.semaphoreci.com");
        assertThat(settings.https()).isTrue();
        assertThat(settings.queuedJobsUrl()).hasToString("https://my-org.semaphoreci.com/api/v1/self_hosted_agents/jobs");
        assertThat(settings.agentImage()).isEqualTo("semaphoreci/agent:latest");
        assertThat(settings.agentCommand()).containsExactly("/opt/semaphore/agent", "start");
        assertThat(settings.agentLogLevel()).isEqualTo("info");
        assertThat(settings.maxParallelJobs()).isEqualTo(10);
        assertThat(settings.maxParallelJobsPerType()).isEmpty();
        assertThat(settings.serviceAccount()).isEmpty();
        assertThat(settings.labels()).isEmpty();
        assertThat(settings.startupParameters()).isEmpty();
        assertThat(settings.keepFailedJobsFor()).isZero();
        assertThat(settings.keepSuccessfulJobsFor()).isZero();
        assertThat(settings.jobStartTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.agentResources()).isEqualTo(AgentResources.NONE);
        assertThat(settings.statusAddress()).isEmpty();
    }

    @Test
    void readsEveryVariable() {
        ControllerSettings settings = read("SEMAPHORE_AGENT_IMAGE", "outrider:1", "SEMAPHORE_AGENT_COMMAND",
                "/bin/outrider start", "SEMAPHORE_AGENT_LOG_LEVEL", "debug", "MAX_PARALLEL_JOBS", "4",
                "MAX_PARALLEL_JOBS_PER_TYPE", "2", "KUBERNETES_SERVICE_ACCOUNT", "agents", "SEMAPHORE_AGENT_LABELS",
                "a=1, b=2", "SEMAPHORE_AGENT_STARTUP_PARAMETERS", " --x  y ", "KEEP_FAILED_JOBS_FOR", "1d",
                "KEEP_SUCCESSFUL_JOBS_FOR", "90s", "JOB_START_TIMEOUT", "10m", "OUTRIDER_AGENT_RESOURCES",
                "{\"requests\":{\"cpu\":1,\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"1.5Gi\"}}",
                "OUTRIDER_STATUS_ADDRESS", "0.0.0.0:9464");

        assertThat(settings.agentImage()).isEqualTo("outrider:1");
        assertThat(settings.agentCommand()).containsExactly("/bin/outrider", "start");
        assertThat(settings.agentLogLevel()).isEqualTo("debug");
        assertThat(settings.maxParallelJobs()).isEqualTo(4);
        assertThat(settings.maxParallelJobsPerType()).isEqualTo(OptionalInt.of(2));
        assertThat(settings.serviceAccount()).isEqualTo("agents");
        assertThat(settings.labels()).containsExactly("a=1", "b=2");
        assertThat(settings.startupParameters()).containsExactly("--x", "y");
        assertThat(settings.keepFailedJobsFor()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.keepSuccessfulJobsFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.jobStartTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.agentResources()).isEqualTo(new AgentResources(Map.of("cpu", "1", "memory", "128Mi"),
                Map.of("memory", "1.5Gi")));
        assertThat(settings.statusAddress()).contains(new StatusAddress("0.0.0.0", 9464));
    }

    @Test
    void readsExactlyTheVariablesItDeclares() {
        Set<String> asked = new HashSet<>();
        Map<String, String> environment = new HashMap<>(Map.of("SEMAPHORE_ENDPOINT", "my-org.semaphoreci.com")) {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return super.get(key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                asked.add((String) key);
                return super.getOrDefault(key, fallback);
            }

            @Override
            public boolean containsKey(Object key) {
                asked.add((String) key);
                return super.containsKey(key);
            }
        };

        ControllerSettings.fromEnvironment(environment);

        assertThat(asked).isEqualTo(ControllerSettings.VARIABLES);
        assertThat(ControllerProcess.VARIABLES).containsAll(ControllerSettings.VARIABLES)
                .contains("KUBERNETES_NAMESPACE", "KUBECONFIG", "HTTPS_PROXY", "OUTRIDER_LOG_LEVEL");
    }

    @Test
    void theStatusAddressTakesIpv6InBracketsAndPortZero() {
        assertThat(read("OUTRIDER_STATUS_ADDRESS", "[::]:9464").statusAddress()).contains(new StatusAddress("::", 9464));
        assertThat(read("OUTRIDER_STATUS_ADDRESS", "localhost:0").statusAddress())
                .contains(new StatusAddress("localhost", 0));
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080, '', 127.0.0.1:8080, false",
        "https://my-org.semaphoreci.com/, '', my-org.semaphoreci.com, true",
        "127.0.0.1:8080, true, 127.0.0.1:8080, false",
        "my-org.semaphoreci.com, false, my-org.semaphoreci.com, true",
    })
    void plainHttpComesFromTheSchemeOrSemaphoreNoHttps(String endpoint, String noHttps, String host, boolean https) {
        ControllerSettings settings = read("SEMAPHORE_ENDPOINT", endpoint, "SEMAPHORE_NO_HTTPS", noHttps);

        assertThat(settings.endpoint()).isEqualTo(host);
        assertThat(settings.https()).isEqualTo(https);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SEMAPHORE_ENDPOINT|   |SEMAPHORE_ENDPOINT is not set; give your organization's host",
        "SEMAPHORE_ENDPOINT|my-org.semaphoreci.com/api|SEMAPHORE_ENDPOINT 'my-org.semaphoreci.com/api' is not a host",
        "SEMAPHORE_NO_HTTPS|perhaps|SEMAPHORE_NO_HTTPS 'perhaps' is not a boolean; give true or false",
        "MAX_PARALLEL_JOBS|ten|MAX_PARALLEL_JOBS 'ten' is not a number of jobs",
        "MAX_PARALLEL_JOBS|-1|MAX_PARALLEL_JOBS '-1' is not a number of jobs",
        "MAX_PARALLEL_JOBS_PER_TYPE|2.5|MAX_PARALLEL_JOBS_PER_TYPE '2.5' is not a number of jobs",
        "SEMAPHORE_AGENT_LABELS|team=ci,broken|SEMAPHORE_AGENT_LABELS: 'broken' is not a label",
        "SEMAPHORE_AGENT_LABELS|a=b=c|SEMAPHORE_AGENT_LABELS: 'a=b=c' is not a label",
        "KEEP_FAILED_JOBS_FOR|1 day|KEEP_FAILED_JOBS_FOR: '1 day' is not a duration",
        "KEEP_SUCCESSFUL_JOBS_FOR|-5m|KEEP_SUCCESSFUL_JOBS_FOR: '-5m' is negative",
        "JOB_START_TIMEOUT|300|JOB_START_TIMEOUT: '300' is not a duration",
        "JOB_START_TIMEOUT|0s|JOB_START_TIMEOUT '0s' must be longer than 0; give e.g. JOB_START_TIMEOUT=5m",
        "OUTRIDER_AGENT_RESOURCES|cpu=1|OUTRIDER_AGENT_RESOURCES: 'cpu=1' is not a JSON object; give JSON of a"
                + " container's resources, e.g. {\"requests\":{\"cpu\":\"100m\"",
        "OUTRIDER_AGENT_RESOURCES|{\"requests\":|OUTRIDER_AGENT_RESOURCES: '{\"requests\":' is not a JSON object",
        "OUTRIDER_AGENT_RESOURCES|{\"requests\":{\"cpu\":\"lots\"}}|OUTRIDER_AGENT_RESOURCES: requests.cpu 'lots' is"
                + " not a quantity; give e.g. 100m or 0.5 (cpu), 128Mi or 1Gi (memory)",
        "OUTRIDER_AGENT_RESOURCES|{\"limits\":{\"memory\":\"-1Gi\"}}|OUTRIDER_AGENT_RESOURCES: limits.memory '-1Gi'"
                + " is not a quantity",
        "OUTRIDER_AGENT_RESOURCES|{\"limits\":\"1Gi\"}|OUTRIDER_AGENT_RESOURCES: limits is not an object of quantities",
        "OUTRIDER_AGENT_RESOURCES|{\"claims\":[{\"name\":\"gpu\"}]}|OUTRIDER_AGENT_RESOURCES: has 'claims'; only"
                + " requests and limits can be given",
        "OUTRIDER_AGENT_RESOURCES|{\"requests\":{\"memory\":\"1Gi\"},\"limits\":{\"memory\":\"512Mi\"}}|"
                + "OUTRIDER_AGENT_RESOURCES: requests.memory 1Gi is more than limits.memory 512Mi, which Kubernetes"
                + " refuses",
        "OUTRIDER_STATUS_ADDRESS|9464|OUTRIDER_STATUS_ADDRESS '9464' is not host:port (port 0 to 65535); give e.g."
                + " 0.0.0.0:9464, or leave it unset for no status server",
        "OUTRIDER_STATUS_ADDRESS|0.0.0.0:70000|OUTRIDER_STATUS_ADDRESS '0.0.0.0:70000' is not host:port",
        "OUTRIDER_STATUS_ADDRESS|http://0.0.0.0:9464|OUTRIDER_STATUS_ADDRESS 'http://0.0.0.0:9464' is not host:port",
    })
    void namesTheVariableThatCannotBeUsed(String name, String value, String message) {
        assertThatThrownBy(() -> read(name, value == null ? "" : value))
                .isInstanceOf(ControllerSettingsException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void emptyVariablesMeanTheirDefaults() {
        assertThat(read("MAX_PARALLEL_JOBS", "", "JOB_START_TIMEOUT", "", "SEMAPHORE_AGENT_COMMAND", " "))
                .isEqualTo(read());
        assertThat(read().labels()).isEqualTo(List.of());
    }
}
