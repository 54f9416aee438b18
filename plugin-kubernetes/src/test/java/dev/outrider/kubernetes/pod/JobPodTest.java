package dev.outrider.kubernetes.pod;

import dev.outrider.kubernetes.testing.Golden;
import dev.outrider.spi.Job;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job pod as Semaphore's agent builds it, and where Outrider adds to it, against golden JSON. */
class JobPodTest {

    private static final JobNames NAMES = new JobNames("1f8b2c3d-aaaa-bbbb-cccc-0123456789ab");
    private static final Map<String, String> LABELS = NAMES.labels(Map.of("semaphoreci.com/agent-type", "s1-k8s"));
    private static final Map<String, String> ANNOTATIONS = Map.of(AgentIdentity.AGENT, "agent-0/1/1700000000000");

    private static Job.Container container(String name, String image, String command, String entrypoint, String... env) {
        return new Job.Container(name, image, command, entrypoint, "", java.util.Arrays.stream(env)
                .map(pair -> new Job.EnvVar(pair.substring(0, pair.indexOf('=')),
                        pair.substring(pair.indexOf('=') + 1).getBytes(StandardCharsets.UTF_8))).toList());
    }

    private static JobPod pod(PodDecorator decorator) {
        return new JobPod(NAMES, decorator, LABELS, ANNOTATIONS, Optional.empty(), 0);
    }

    @Test
    void aJobWithOnlyAMainContainerSleepsInItWithTheSecretMounted() throws Exception {
        Golden.assertMatches(pod(PodDecorator.NONE).build(List.of(container("main", "ruby:3.3", "", "", "A=1")), false),
                "pod-main-only");
    }

    @Test
    void servicesAreFurtherContainersReachableByNameWithTheirCommands() throws Exception {
        Golden.assertMatches(pod(PodDecorator.NONE).build(List.of(container("main", "ruby:3.3", "", ""),
                container("db", "postgres:16", "postgres -c fsync=off", "", "POSTGRES_PASSWORD=pw"),
                container("cache", "redis:7", "", "redis-server")), false), "pod-services");
    }

    @Test
    void theDecoratorIsMergedAndItsHostAliasesStayNextToTheServices() throws Exception {
        PodDecorator decorator = PodDecorator.parse(new ConfigMapBuilder().withNewMetadata().withName("decorator")
                .endMetadata()
                .addToData("mainContainer", """
                        name: ignored
                        command: [ignored]
                        env:
                        - name: FROM_DECORATOR
                          value: main
                        resources:
                          limits: {cpu: "2", memory: 4Gi}
                        """)
                .addToData("sidecarContainers", """
                        resources:
                          limits: {memory: 1Gi}
                        """)
                .addToData("pod", """
                        serviceAccountName: jobs
                        nodeSelector: {pool: ci}
                        hostAliases:
                        - ip: 10.0.0.1
                          hostnames: [registry.internal]
                        imagePullSecrets:
                        - name: always
                        volumes:
                        - name: hooks
                          secret: {secretName: hooks}
                        restartPolicy: Always
                        """).build());
        Golden.assertMatches(pod(decorator).build(List.of(container("main", "ruby:3.3", "", ""),
                container("db", "postgres:16", "", "")), true), "pod-decorated");
    }

    @Test
    void anAgentInAPodOwnsItsJobPodsWhichHaveADeadline() throws Exception {
        JobPod pod = new JobPod(NAMES, PodDecorator.NONE, LABELS, ANNOTATIONS, Optional.of(new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("Pod").withName("agent-0").withUid("4c2a-uid").build()), 3600);
        Golden.assertMatches(pod.build(List.of(container("main", "ruby:3.3", "", "")), false), "pod-owned-deadline");
    }
}
