package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outrider.dist.Installation.Result;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A typical Semaphore job, unchanged, through {@code outrider run}: {@code checkout}, a build with
 * real Maven Surefire, {@code test-results publish}, {@code artifact push job build/}, and the
 * results pulled back with {@code artifact pull} to check them. With the shell executor and with the
 * Docker executor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolboxPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private Path origin;
    private String sha;

    @BeforeAll
    void makeTheProjectsRepository() throws Exception {
        origin = Files.createDirectories(work.resolve("origin"));
        Files.writeString(origin.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId><artifactId>calculator</artifactId><version>1</version>
                  <properties>
                    <maven.compiler.release>21</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
                      <version>5.14.4</version><scope>test</scope></dependency>
                  </dependencies>
                  <build><plugins>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version>
                      <configuration><testFailureIgnore>true</testFailureIgnore></configuration></plugin>
                  </plugins></build>
                </project>
                """);
        Path tests = Files.createDirectories(origin.resolve("src/test/java/demo"));
        Files.writeString(tests.resolve("CalculatorTest.java"), """
                package demo;

                import org.junit.jupiter.api.Assertions;
                import org.junit.jupiter.api.Disabled;
                import org.junit.jupiter.api.Test;

                class CalculatorTest {
                    @Test void adds() { Assertions.assertEquals(4, 2 + 2); }
                    @Test void failsOnPurpose() { Assertions.assertEquals(5, 2 + 2, "two and two"); }
                    @Disabled("not today") @Test void skipped() { }
                }
                """);
        // a report of a real Surefire run, committed, for the Docker job (its image has no Java)
        maven(origin, "test");
        Path reports = Files.createDirectories(origin.resolve("reports"));
        Files.copy(origin.resolve("target/surefire-reports/TEST-demo.CalculatorTest.xml"),
                reports.resolve("TEST-demo.CalculatorTest.xml"));
        Files.writeString(origin.resolve(".gitignore"), "target/\n");
        git(origin, "init", "-q", "-b", "main");
        git(origin, "add", ".");
        git(origin, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-q", "-m", "Calculator with tests");
        sha = git(origin, "rev-parse", "HEAD").strip();
    }

    private static void maven(Path directory, String goal) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(System.getProperty("outrider.mvnw"), "-o", "-q", "-B",
                "-Dmaven.repo.local=" + System.getProperty("outrider.maven-repository"), goal)
                .directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("mvn %s: %s", goal, out).isZero();
    }

    private static String git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    /** Semaphore's variables for a push to main of the test repository. */
    private Map<String, String> semaphoreEnvironment(String jobId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEMAPHORE_GIT_URL", "file://" + origin);
        env.put("SEMAPHORE_GIT_BRANCH", "main");
        env.put("SEMAPHORE_GIT_SHA", sha);
        env.put("SEMAPHORE_GIT_DIR", "calculator");
        env.put("SEMAPHORE_GIT_REF_TYPE", "branch");
        env.put("SEMAPHORE_GIT_REF", "refs/heads/main");
        env.put("SEMAPHORE_JOB_ID", jobId);
        env.put("SEMAPHORE_JOB_NAME", "Build and test");
        env.put("SEMAPHORE_WORKFLOW_ID", UUID.randomUUID().toString());
        env.put("SEMAPHORE_PIPELINE_ID", UUID.randomUUID().toString());
        env.put("SEMAPHORE_PROJECT_ID", UUID.randomUUID().toString());
        return env;
    }

    private Result run(String jobId, Map<String, String> env, String configYaml, List<String> commands) throws Exception {
        Path folder = Files.createDirectories(work.resolve("run-" + jobId));
        JsonArray directives = new JsonArray();
        commands.forEach(command -> directives.add(new JsonObject().put("directive", command)));
        JsonArray vars = new JsonArray();
        env.forEach((name, value) -> vars.add(new JsonObject().put("name", name)
                .put("value", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))));
        Path job = Files.writeString(folder.resolve("job.json"), new JsonObject().put("job_id", jobId)
                .put("env_vars", vars).put("commands", directives).encode());
        Path config = Files.writeString(folder.resolve("outrider.yml"), configYaml);
        Process outrider = Installation.start(folder, Map.of(), "run", "--config", config.toString(), job.toString());
        if (!outrider.waitFor(10, TimeUnit.MINUTES)) {
            outrider.destroyForcibly();
            throw new AssertionError("the job did not end within 10 minutes");
        }
        return Result.of(outrider, folder);
    }

    private static JsonNode readResult(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                bytes = in.readAllBytes();
            }
        }
        return JSON.readTree(bytes);
    }

    private static void assertTheReport(JsonNode report, String jobId) {
        JsonNode results = report.path("testResults");
        assertThat(results.size()).as(report.toString()).isEqualTo(1);
        JsonNode summary = results.get(0).path("summary");
        assertThat(summary.path("total").asInt()).isEqualTo(3);
        assertThat(summary.path("passed").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isEqualTo(1);
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        JsonNode suite = results.get(0).path("suites").get(0);
        assertThat(suite.path("name").asText()).isEqualTo("demo.CalculatorTest");
        assertThat(suite.path("tests").findValuesAsText("name")).containsExactlyInAnyOrder("adds", "failsOnPurpose", "skipped");
        assertThat(suite.path("tests").get(0).path("semaphoreEnv").path("jobId").asText()).isEqualTo(jobId);
    }

    @Test
    void aTypicalJobRunsUnchangedWithTheShellExecutor() throws Exception {
        String jobId = UUID.randomUUID().toString();
        Map<String, String> env = semaphoreEnvironment(jobId);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Path store = work.resolve("artifacts-shell");
        Path workspace = Files.createDirectories(work.resolve("workspace-shell"));
        Result run = run(jobId, env, ARTIFACT_STORE.formatted(store), List.of(
                "cd " + workspace,
                "checkout",
                "pwd",
                "\"" + System.getProperty("outrider.mvnw") + "\" -o -q -B -Dmaven.repo.local=\""
                        + System.getProperty("outrider.maven-repository") + "\" test",
                "mkdir -p build/classes && cp -r target/test-classes/demo build/classes/ && echo 1.0.0 > build/version.txt",
                "test-results publish target/surefire-reports",
                "artifact push job build/",
                "cd .. && artifact pull job build -d pulled && diff -r calculator/build pulled && echo pulled-the-same",
                "artifact pull job test-results/junit.json -d junit.json"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Performing shallow clone with depth: 50",
                "HEAD is now at " + sha.substring(0, 7) + " Calculator with tests",
                workspace.resolve("calculator") + "\n", "Tests run: 3, Failures: 1, Errors: 0, Skipped: 1",
                "Successfully pushed artifact for current job.", "pulled-the-same");
        assertTheReport(readResult(workspace.resolve("junit.json")), jobId);
    }

    @Test
    void aTypicalJobRunsUnchangedWithTheDockerExecutor() throws Exception {
        String image = Files.readAllLines(Path.of("/tmp/outrider-test-docker.env")).stream()
                .filter(line -> line.startsWith("OUTRIDER_TEST_TOOLBOX_IMAGE=")).map(line -> line.substring(28))
                .findFirst().orElse("outrider-test/toolbox:2");
        String jobId = UUID.randomUUID().toString();
        Path store = work.resolve("artifacts-docker");
        Path results = Files.createDirectories(work.resolve("results-docker"));
        Result run = run(jobId, semaphoreEnvironment(jobId), ARTIFACT_STORE.formatted(store) + """
                executor: docker
                executor-options:
                  default-image: "%s"
                  pull-policy: never
                  volumes: ["%s:%s:ro", "%s:/results"]
                """.formatted(image, origin, origin, results), List.of(
                "mkdir -p /work && cd /work",
                "checkout",
                "pwd",
                "mkdir -p build && echo 1.0.0 > build/version.txt && cp pom.xml build/",
                "test-results publish reports",
                "artifact push job build/",
                "cd .. && artifact pull job build -d pulled && diff -r calculator/build pulled && echo pulled-the-same",
                "artifact pull job test-results/junit.json -d /results/junit.json"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Starting a new bash session.", "Performing shallow clone with depth: 50",
                "HEAD is now at " + sha.substring(0, 7) + " Calculator with tests", "/work/calculator\n",
                "Successfully pushed artifact for current job.", "pulled-the-same");
        assertTheReport(readResult(results.resolve("junit.json")), jobId);
        assertThat(store).isDirectory();
    }

    /** The agent type's artifact store: a local folder. */
    private static final String ARTIFACT_STORE = """
            artifacts:
              store: local
              options: {path: "%s"}
            """;
}
