package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** bin/outrider as a user runs it: examples, help, exit statuses and errors for bad input. */
class CommandLineIT {

    @TempDir
    Path work;

    @Test
    void helloExampleRunsAndPasses() throws Exception {
        Result result = Installation.run(work, "run", Installation.HOME.resolve("examples/hello.yml").toString(),
                "--log-file", "events.ndjson");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("hello from ").contains("Hello from an injected file")
                .contains("now in /tmp, STEP=three").contains("the job passed").contains("Job passed in");
        assertThat(Files.readAllLines(work.resolve("events.ndjson")))
                .first().asString().startsWith("{\"event\":\"job_started\",\"timestamp\":");
        assertThat(Files.readAllLines(work.resolve("events.ndjson")))
                .last().asString().matches("\\{\"event\":\"job_finished\",\"timestamp\":\\d+,\"result\":\"passed\"}");
    }

    @Test
    void semaphoresLogLevelVariableSetsTheAgentsLogLevelAndABadOneIsNamed() throws Exception {
        String hello = Installation.HOME.resolve("examples/hello.yml").toString();
        Process debug = Installation.start(work, java.util.Map.of("SEMAPHORE_AGENT_LOG_LEVEL", "debug"), "run", hello);
        assertThat(debug.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Result result = Result.of(debug, work);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains(" DEBUG ").contains("Toolbox channel on 127.0.0.1:");

        Process bad = Installation.start(work, java.util.Map.of("SEMAPHORE_AGENT_LOG_LEVEL", "loud"), "run", hello);
        assertThat(bad.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        result = Result.of(bad, work);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("SEMAPHORE_AGENT_LOG_LEVEL='loud' is not a log level").doesNotContain(" DEBUG ");
    }

    @Test
    void failingJobExitsWithOne() throws Exception {
        Result result = Installation.run(work, "run", Installation.HOME.resolve("examples/failing.yml").toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("ls: cannot access '/does-not-exist'").contains("SEMAPHORE_JOB_RESULT=failed")
                .doesNotContain("never printed").contains("Job failed in");
    }

    @Test
    void versionAndHelpAreAvailable() throws Exception {
        Result version = Installation.run(work, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("outrider 0.");
        Result help = Installation.run(work, "--help");
        assertThat(help.stdout()).contains("run").contains("plugins").contains("version");
        Result runHelp = Installation.run(work, "run", "--help");
        assertThat(runHelp.stdout()).contains("--executor").contains("--log-file").contains("--plugins-dir")
                .contains("--config").contains("JOB_FILE");
    }

    @Test
    void pluginsListsTheShellExecutorAndTheCoreSinkAndStore() throws Exception {
        Result result = Installation.run(work, "plugins");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("shell 0.").contains("provides executor shell")
                .contains("provides log-sink event-file").contains("provides artifact-store local - keeps artifacts")
                .contains("provides artifact-store s3");
    }

    @Test
    void aCommandNeitherOutriderNorAPluginHasExitsWithTwoNamingIt() throws Exception {
        Result result = Installation.run(work, "strat", "--endpoint", "x");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("outrider: 'strat' is neither a command of Outrider (start, run, plugins,"
                + " version, help) nor one a plugin adds: no command 'strat'; installed: ");
    }

    static Stream<Arguments> invalidJobFiles() {
        return Stream.of(
                Arguments.of("bad base64 in an env var",
                        "commands: []\nenv_vars: [{name: A, value: QQ==}, {name: B, value: Qg==}, {name: C, value: 'no base64!'}]",
                        "env_vars[2].value: not valid base64"),
                Arguments.of("bad file mode", "commands: []\nfiles: [{path: a.txt, content: '', mode: '+x'}]",
                        "files[0].mode: '+x' is not an octal file mode"),
                Arguments.of("unquoted numeric mode", "commands: []\nfiles: [{path: a.txt, content: '', mode: 0644}]",
                        "files[0].mode: must be a string"),
                Arguments.of("bad file content", "commands: []\nfiles: [{path: a.txt, content: '%%%', mode: '0644'}]",
                        "files[0].content: not valid base64"),
                Arguments.of("unknown executor", "executor: kubernetes\ncommands: [{directive: 'true'}]",
                        "executor: 'kubernetes' is not an executor Semaphore knows"),
                Arguments.of("missing commands", "env_vars: []", "commands: missing"),
                Arguments.of("commands not a list", "commands: echo hi", "commands: must be a list"),
                Arguments.of("unknown key", "commands: []\ncommandz: []", "commandz: unknown key"),
                Arguments.of("broken YAML", "commands: [unclosed", "not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJobFiles")
    void invalidJobFileExitsWithTwoNamingTheField(String name, String content, String expected) throws Exception {
        Path job = work.resolve("job.yml");
        Files.writeString(job, content);
        Result result = Installation.run(work, "run", job.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString()).contains("outrider: " + job + ": ").contains(expected);
        assertThat(result.stdout()).as("no job ran").doesNotContain("Job started");
    }

    @Test
    void invalidJsonJobFileExitsWithTwoNamingTheLine() throws Exception {
        Path job = work.resolve("job.json");
        Files.writeString(job, "{\n  \"commands\": [\n    {\"directive\": \"true\"},\n  ]\n}\n");
        Result result = Installation.run(work, "run", job.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains(job + ": not valid JSON").contains("line 4");
    }

    @Test
    void missingJobFileExitsWithTwo() throws Exception {
        Result result = Installation.run(work, "run", "nope.yml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("nope.yml: no such job file");
    }

    @Test
    void unknownExecutorPluginExitsWithTwoListingTheInstalledOnes() throws Exception {
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'true'}]\n");
        Result result = Installation.run(work, "run", "--executor", "dokcer", job.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("no executor 'dokcer'; installed: docker, kubernetes, shell");
    }

    @Test
    void startRefusesAnUnknownArtifactStoreOrBadOptionsNamingTheKey() throws Exception {
        Path unknown = Files.writeString(work.resolve("store.yml"), "artifacts: {store: ftp}\n");
        Result badStore = Installation.run(work, "start", "--endpoint", "127.0.0.1:9", "--token", "t", "--no-https",
                "--config-file", unknown.toString());
        assertThat(badStore.exitCode()).isEqualTo(2);
        assertThat(badStore.stderr()).contains("outrider: agent type 'agent': 'artifacts.store': no artifact store 'ftp';"
                + " installed: local, s3");

        Path options = Files.writeString(work.resolve("options.yml"), "artifacts: {store: s3, options: {endpoint: x}}\n");
        Result badOptions = Installation.run(work, "start", "--endpoint", "127.0.0.1:9", "--token", "t", "--no-https",
                "--config-file", options.toString());
        assertThat(badOptions.exitCode()).isEqualTo(2);
        assertThat(badOptions.stderr()).contains("outrider: agent type 'agent': 'artifacts.store': artifact store 's3':"
                + " option 'endpoint': 'x' is not valid");
    }

    @Test
    void startRefusesBadCacheOrExecutorOptionsWithTwoNamingTheAgentTypeAndKey() throws Exception {
        Path cache = Files.writeString(work.resolve("cache.yml"),
                "cache: {backend: s3, options: {bucket: bkt, path-style: maybe}}\n");
        Result badCache = Installation.run(work, "start", "--endpoint", "127.0.0.1:9", "--token", "t", "--no-https",
                "--config-file", cache.toString());
        assertThat(badCache.exitCode()).isEqualTo(2);
        assertThat(badCache.stderr()).contains("outrider: agent type 'agent': 'cache': cache backend 's3': option"
                + " 'path-style': 'maybe' is not valid; use true or false");

        Path docker = Files.writeString(work.resolve("docker.yml"), "executor: docker\nexecutor-options: {cpus: lots}\n");
        Result badDocker = Installation.run(work, "start", "--endpoint", "127.0.0.1:9", "--token", "t", "--no-https",
                "--config-file", docker.toString());
        assertThat(badDocker.exitCode()).isEqualTo(2);
        assertThat(badDocker.stderr()).contains("outrider: agent type 'agent': executor 'docker': option 'cpus': 'lots'"
                + " is not valid; use a number of CPUs greater than 0, such as 1.5");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1:99999", "127.0.0.1:abc", " 127.0.0.1:9 ", ":9",
        "https://127.0.0.1:9/api?x=1", "user:s3cr3t@127.0.0.1:9"})
    void startRefusesAMalformedEndpointWithTwoBeforeStartingAnything(String endpoint) throws Exception {
        Result result = Installation.run(work, "start", "--endpoint", endpoint, "--token", "t", "--no-https");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("outrider: flag --endpoint: 'endpoint': ").contains("give host[:port] only")
                .doesNotContain("s3cr3t").doesNotContain("Exception");
        assertThat(result.stdout()).doesNotContain("registration attempt");
    }

    @Test
    void startReadsAPlainCommandLineWithoutPicocliAndAnArgumentFileWithItAlike() throws Exception {
        Path classes = work.resolve("classes.log");
        Map<String, String> logClasses = Map.of("OUTRIDER_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        Process plain = Installation.start(work, logClasses, "start", "--endpoint", "127.0.0.1:99999", "--token=t",
                "--no-https", "--disconnect-after-job=false");
        assertThat(plain.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Result plainResult = Result.of(plain, work);
        String loaded = Files.readString(classes);
        Files.writeString(work.resolve("args"),
                "--endpoint 127.0.0.1:99999 --token=t --no-https --disconnect-after-job=false\n");
        Result fromFile = Installation.run(work, "start", "@args");

        assertThat(plainResult.exitCode()).as(plainResult.toString()).isEqualTo(2);
        assertThat(plainResult.stderr()).startsWith("outrider: flag --endpoint: 'endpoint': ");
        // (the JVM loads picocli.CommandLine itself as a type in Main's methods' signatures; picocli at work loads its
        // nested classes: models, parser, help)
        assertThat(loaded).contains("dev.outrider.cli.PlainStartArguments").doesNotContain("picocli.CommandLine$");
        assertThat(fromFile).isEqualTo(plainResult);
    }

    @Test
    void brokenConfigurationExitsWithTwoNamingTheKey() throws Exception {
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'true'}]\n");
        Path config = Files.writeString(work.resolve("outrider.yml"), "env-vars: [GOOD=1, 'BAD']\nexecutr: shell\n");
        Result result = Installation.run(work, "run", "--config", config.toString(), job.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains(config + ": 'executr': unknown key; accepted keys: ");
        Files.writeString(config, "env-vars: [GOOD=1, 'BAD']\n");
        result = Installation.run(work, "run", "--config", config.toString(), job.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("'env-vars[1]': 'BAD' is not NAME=VALUE");
    }

    @Test
    void exampleConfigurationIsValidAndItsVariablesReachTheJob() throws Exception {
        Path job = Files.writeString(work.resolve("job.yml"), "commands: [{directive: 'echo \"runner=$CI_RUNNER\"'}]\n");
        Result result = Installation.run(work, "run", "--config",
                Installation.HOME.resolve("conf/outrider.example.yml").toString(), job.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Exporting CI_RUNNER").contains("runner=outrider");
    }

    @Test
    void agentTokenNeverReachesTheJob() throws Exception {
        Path job = Files.writeString(work.resolve("job.yml"),
                "commands: [{directive: 'echo \"token=[${SEMAPHORE_AGENT_TOKEN:-}]\"'}]\n");
        ProcessBuilder builder = new ProcessBuilder(Installation.launcher().toString(), "run", job.toString())
                .directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("SEMAPHORE_AGENT_TOKEN", "s3cr3t-registration-token");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(output).contains("token=[]").doesNotContain("s3cr3t");
    }
}
