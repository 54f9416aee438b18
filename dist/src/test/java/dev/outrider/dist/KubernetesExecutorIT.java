package dev.outrider.dist;

import static dev.outrider.testkit.EventLogAssert.assertEventLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.dockertier.Await;
import dev.outrider.kubernetes.dockertier.DockerEngine;
import dev.outrider.kubernetes.dockertier.WithDockerCluster;
import dev.outrider.testkit.FakeArtifactHub;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.S3Server;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Semaphore's end-to-end cases for the Kubernetes executor (its agent's test/e2e/kubernetes), adapted to the
 * Docker tier: the distribution's agent ({@code bin/outrider start --kubernetes-executor} on this host) takes
 * each job from the fake control plane and runs it in a pod of fabric8's mock API server, which the fake
 * kubelet runs as Docker containers; the job's log must have the events those cases expect, and no pod or
 * Secret of the job may remain. Images are local ones (bash and busybox) instead of Docker Hub's; a Redis
 * sidecar becomes a busybox listener answering {@code +PONG}, probed over bash's {@code /dev/tcp}. Skipped,
 * with the reason printed, only when no Docker engine can start.
 */
class KubernetesExecutorIT extends FakeControlPlaneTest {

    @RegisterExtension
    static final WithDockerCluster env = new WithDockerCluster("kubernetes-executor-it");

    private static final String NAMESPACE = "default";
    private static final String TOKEN = "registration-token-kubernetes";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String JOB_STARTED = "{\"event\":\"job_started\",\"timestamp\":\"*\"}\n";
    private static final String JOB_PASSED = "{\"event\":\"job_finished\",\"timestamp\":\"*\",\"result\":\"passed\"}\n";

    private Path kubeconfig;

    @BeforeEach
    void startHubAndKubeconfig() throws Exception {
        startHub("kubernetes", TOKEN);
        kubeconfig = KubernetesTier.kubeconfig(env.cluster(), work.resolve("kube"));
    }

    @AfterEach
    void leavesNoPodOrSecret() {
        KubernetesTier.awaitNoExecutorObjects(env.client(), NAMESPACE, JOB_TIMEOUT);
    }

    @Test
    void shellJobRunsInTheDefaultImage() throws Exception {
        agent("--kubernetes-default-image", DockerEngine.image());
        String job = run(FakeControlPlane.jobWithCommands("echo Hello World"));

        assertEventLog(hub.events(job), passedLog(podAndShell() + noVariables() + noFiles() + echoed("echo Hello World", "Hello World")));
    }

    @Test
    void shellJobWithoutDefaultImageFailsBeforeAnyPodIsMade() throws Exception {
        agent();
        String job = run(FakeControlPlane.jobWithCommands("echo hello"));

        assertEventLog(hub.events(job), JOB_STARTED + """
                {"event":"cmd_started","timestamp":"*","directive":"Creating Kubernetes resources for job..."}
                {"event":"cmd_output","timestamp":"*","output":"Failed to create pod: error building pod spec: error building containers for pod spec: no containers specified in Semaphore YAML, and no default container is provided\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Creating Kubernetes resources for job...","exit_code":1,"started_at":"*","finished_at":"*"}
                {"event":"job_finished","timestamp":"*","result":"failed"}
                """);
        assertThat(env.client().pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void containerAndJobVariablesReachTheCommandsVerbatim() throws Exception {
        agent();
        JsonObject request = compose(container("main", DockerEngine.image()).put("env_vars", variables("FOO", "bar\n")))
                .put("env_vars", variables("A", "hello\n", "B", "how are you?\n", "C", "quotes ' quotes\n", "D", "$PATH:/etc/a\n"))
                .put("commands", commands("echo $A", "echo $B", "echo $C", "echo $D", "echo $FOO"));
        String job = run(request);

        assertEventLog(hub.events(job), passedLog(podAndShell() + exported("A", "B", "C", "D") + noFiles()
                + echoed("echo $A", "hello") + echoed("echo $B", "how are you?") + echoed("echo $C", "quotes ' quotes")
                + echoed("echo $D", "$PATH:/etc/a") + echoed("echo $FOO", "bar")));
    }

    @Test
    void epilogueRunsAfterTheCommandsAndSeesTheJobResult() throws Exception {
        agent();
        JsonObject request = compose(container("main", DockerEngine.image()))
                .put("commands", commands("echo Hello World"))
                .put("epilogue_always_commands", commands("echo Hello Epilogue $SEMAPHORE_JOB_RESULT"));
        String job = run(request);

        assertEventLog(hub.events(job), JOB_STARTED + podAndShell() + noVariables() + noFiles() + echoed("echo Hello World", "Hello World")
                + jobResultExported() + echoed("echo Hello Epilogue $SEMAPHORE_JOB_RESULT", "Hello Epilogue passed") + JOB_PASSED);
    }

    @Test
    void filesAreInjectedAtRelativeAndAbsolutePathsWithTheirModes() throws Exception {
        agent();
        JsonObject request = compose(container("main", DockerEngine.image()))
                .put("files", new JsonArray().add(file("test.txt", "0644")).add(file("/a/b/c", "0644")).add(file("/tmp/a", "0600")))
                .put("commands", commands("cat test.txt", "cat /a/b/c", "stat -c '%a' /tmp/a"));
        String job = run(request);

        assertEventLog(hub.events(job), passedLog(podAndShell() + noVariables() + """
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_output","timestamp":"*","output":"Injecting test.txt with file mode 0644\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Injecting /a/b/c with file mode 0644\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Injecting /tmp/a with file mode 0600\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + echoed("cat test.txt", "hello") + echoed("cat /a/b/c", "hello") + echoed("stat -c '%a' /tmp/a", "600")));
    }

    @Test
    void serviceContainerAnswersTheMainContainerByItsName() throws Exception {
        agent();
        // what `redis-cli ping` checks: a PING on the service's port gets PONG back (here from busybox's nc)
        String ping = "for attempt in $(seq 100); do exec 3<>/dev/tcp/redis/6379 && break; sleep 0.1; done 2>/dev/null;"
                + " printf 'PING\\r\\n' >&3; read -r reply <&3; echo \"${reply//[+$'\\r']/}\"";
        JsonObject request = compose(container("main", DockerEngine.image()),
                container("redis", DockerEngine.image()).put("entrypoint", "nc").put("command", "-ll -p 6379 -e echo +PONG"))
                .put("commands", commands(ping));
        String job = run(request);

        assertEventLog(hub.events(job), passedLog(podAndShell() + noVariables() + noFiles() + echoed(ping, "PONG")));
    }

    @Test
    void privateImageIsPulledWithTheJobsGenericDockerCredentials() throws Exception {
        List<String> privateImage = DockerEngine.privateImageAndLogin();
        String image = privateImage.get(0);
        // the engine must not have it already, or the pull Secret would not be needed
        new DockerCommand(work.resolve("rmi")).run(120, "rmi", "-f", image);
        agent();
        JsonObject request = compose(container("main", image));
        request.getJsonObject("compose").put("image_pull_credentials", new JsonArray().add(new JsonObject().put("env_vars",
                variables("DOCKER_CREDENTIAL_TYPE", "GenericDocker", "DOCKER_URL", image.substring(0, image.indexOf('/')),
                        "DOCKER_USERNAME", privateImage.get(1), "DOCKER_PASSWORD", privateImage.get(2)))));
        request.put("commands", commands("echo Hello World"));
        String job = run(request);

        assertEventLog(hub.events(job), passedLog(podAndShell() + noVariables() + noFiles() + echoed("echo Hello World", "Hello World")));
        assertThat(Files.readString(work.resolve("stdout.txt")) + Files.readString(work.resolve("stderr.txt")))
                .doesNotContain(privateImage.get(2));
    }

    @Test
    void jobLogIsUploadedAsAJobArtifact() throws Exception {
        try (S3Server s3 = S3Server.start();
             FakeArtifactHub artifacts = FakeArtifactHub.start(s3, "logs", "artifact-secret", "project-1")) {
            agent("--upload-job-logs", "always");
            String jobId = UUID.randomUUID().toString();
            String loop = "for i in {1..10}; do echo \"[$i] this is some output, just for testing purposes\" && sleep 0.1; done";
            JsonObject request = compose(container("main", DockerEngine.image()).put("env_vars", variables("FOO", "bar\n")))
                    .put("job_id", jobId)
                    .put("env_vars", variables("SEMAPHORE_AGENT_UPLOAD_JOB_LOGS", "always", "SEMAPHORE_ARTIFACT_TOKEN", "artifact-secret",
                            "SEMAPHORE_JOB_ID", jobId, "SEMAPHORE_ORGANIZATION_URL", artifacts.organizationUrl()))
                    .put("commands", commands(loop));
            run(request);

            StringBuilder lines = new StringBuilder();
            for (int i = 1; i <= 10; i++) {
                lines.append("[").append(i).append("] this is some output, just for testing purposes\n");
            }
            assertEventLog(hub.events(jobId), passedLog(podAndShell() + exported("SEMAPHORE_AGENT_UPLOAD_JOB_LOGS", "SEMAPHORE_ARTIFACT_TOKEN",
                    "SEMAPHORE_JOB_ID", "SEMAPHORE_ORGANIZATION_URL") + noFiles() + echoed(loop, lines.toString().stripTrailing())));
            String object = "artifacts/jobs/" + jobId + "/agent/job_logs.txt";
            Await.until("the job log as the artifact " + object, JOB_TIMEOUT, () -> artifacts.objects().contains("project-1/" + object));
            assertThat(new String(artifacts.content(object), StandardCharsets.UTF_8))
                    .contains(loop + "\n" + lines).endsWith("Exporting SEMAPHORE_JOB_RESULT\n");
        }
    }

    /** Starts {@code outrider start --kubernetes-executor EXTRA} against the fake and the mock API server, and awaits its registration. */
    private void agent(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--endpoint", hub.endpoint(), "--token", TOKEN, "--no-https",
                "--kubernetes-executor"));
        args.addAll(List.of(extra));
        outrider(Map.of("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE", NAMESPACE, "OUTRIDER_JAVA_OPTS", FAST_PAUSES),
                args.toArray(String[]::new));
        hub.awaitRegistered(1, WAIT);
    }

    /** Schedules the job and waits for its result; a timeout shows what the agent printed. */
    private String run(JsonObject request) throws Exception {
        String job = hub.scheduleJobFor("kubernetes", request);
        try {
            hub.awaitJobFinished(job, JOB_TIMEOUT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe agent's output:\n" + Files.readString(work.resolve("stdout.txt"))
                    + Files.readString(work.resolve("stderr.txt")) + "\nthe job's log so far:\n" + String.join("\n", hub.events(job)), e);
        }
        return job;
    }

    /** @return the events of a passed job whose steps after job_started are the given ones, then the result's export */
    private static String passedLog(String steps) {
        return JOB_STARTED + steps + jobResultExported() + JOB_PASSED;
    }

    private static String podAndShell() {
        return """
                {"event":"cmd_started","timestamp":"*","directive":"Creating Kubernetes resources for job..."}
                {"event":"cmd_finished","timestamp":"*","directive":"Creating Kubernetes resources for job...","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Starting shell session..."}
                *** LONG_OUTPUT ***
                {"event":"cmd_finished","timestamp":"*","directive":"Starting shell session...","exit_code":0,"started_at":"*","finished_at":"*"}
                """;
    }

    private static String noVariables() {
        return exported();
    }

    /** @return the step that exports the job's variables, one "Exporting NAME" line each */
    private static String exported(String... names) {
        StringBuilder step = new StringBuilder("{\"event\":\"cmd_started\",\"timestamp\":\"*\",\"directive\":\"Exporting environment variables\"}\n");
        for (String name : names) {
            step.append(new JsonObject().put("event", "cmd_output").put("timestamp", "*").put("output", "Exporting " + name + "\n").encode())
                    .append('\n');
        }
        return step.append("{\"event\":\"cmd_finished\",\"timestamp\":\"*\",\"directive\":\"Exporting environment variables\","
                + "\"exit_code\":0,\"started_at\":\"*\",\"finished_at\":\"*\"}\n").toString();
    }

    private static String noFiles() {
        return """
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                """;
    }

    private static String jobResultExported() {
        return exported("SEMAPHORE_JOB_RESULT");
    }

    /** @return a command's three events: started, its output (the lines, each ending in a newline), finished with 0 */
    private static String echoed(String directive, String output) {
        String started = new JsonObject().put("event", "cmd_started").put("timestamp", "*").put("directive", directive).encode();
        String printed = new JsonObject().put("event", "cmd_output").put("timestamp", "*").put("output", output + "\n").encode();
        String finished = new JsonObject().put("event", "cmd_finished").put("timestamp", "*").put("directive", directive)
                .put("exit_code", 0).put("started_at", "*").put("finished_at", "*").encode();
        return started + "\n" + printed + "\n" + finished + "\n";
    }

    private static JsonObject compose(JsonObject... containers) {
        JsonArray list = new JsonArray();
        for (JsonObject container : containers) {
            list.add(container);
        }
        return FakeControlPlane.jobWithCommands().put("executor", "dockercompose")
                .put("compose", new JsonObject().put("containers", list));
    }

    private static JsonObject container(String name, String image) {
        return new JsonObject().put("name", name).put("image", image);
    }

    private static JsonArray commands(String... directives) {
        JsonArray commands = new JsonArray();
        for (String directive : directives) {
            commands.add(new JsonObject().put("directive", directive));
        }
        return commands;
    }

    /** @return {@code env_vars} of the request from name, value pairs (values base64, as on the wire) */
    private static JsonArray variables(String... namesAndValues) {
        JsonArray variables = new JsonArray();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            variables.add(new JsonObject().put("name", namesAndValues[i]).put("value", base64(namesAndValues[i + 1])));
        }
        return variables;
    }

    private static JsonObject file(String path, String mode) {
        return new JsonObject().put("path", path).put("content", base64("hello\n")).put("mode", mode);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
