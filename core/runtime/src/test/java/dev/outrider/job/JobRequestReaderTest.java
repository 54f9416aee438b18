package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.Callbacks;
import dev.outrider.protocol.JobRequest.Command;
import dev.outrider.protocol.JobRequest.Compose;
import dev.outrider.protocol.JobRequest.Container;
import dev.outrider.protocol.JobRequest.EnvVar;
import dev.outrider.protocol.JobRequest.ImagePullCredentials;
import dev.outrider.protocol.JobRequest.JobFile;
import dev.outrider.protocol.JobRequest.LogTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRequestReaderTest {

    @TempDir
    Path folder;

    private static final String FULL_JSON = """
            {
              "job_id": "0d9a2c3e",
              "executor": "dockercompose",
              "compose": {
                "containers": [
                  {"name": "main", "image": "ruby:3.3", "command": "sleep infinity", "entrypoint": "/bin/sh",
                   "user": "root", "env_vars": [{"name": "FOO", "value": "QkFS"}]},
                  {"name": "db", "image": "postgres:16"}
                ],
                "image_pull_credentials": [
                  {"env_vars": [{"name": "DOCKER_CREDENTIAL_TYPE", "value": "RG9ja2VySHVi"}],
                   "files": [{"path": "/tmp/key.json", "content": "e30=", "mode": "0600"}]}
                ],
                "host_setup_commands": [{"directive": "docker login"}]
              },
              "commands": [{"directive": "checkout"}, {"directive": "make test", "alias": "Run tests"}],
              "epilogue_always_commands": [{"directive": "echo always"}],
              "epilogue_on_pass_commands": [{"directive": "echo pass"}],
              "epilogue_on_fail_commands": [{"directive": "echo fail"}],
              "env_vars": [{"name": "A", "value": "aGVsbG8="}],
              "files": [{"path": ".ssh/key", "content": "LS0t", "mode": "0600"}],
              "ssh_public_keys": ["c3NoLXJzYQ=="],
              "callbacks": {"finished": "https://cb/finished", "teardown_finished": "https://cb/teardown", "token": "cbt"},
              "logger": {"method": "push", "url": "https://org.semaphoreci.com/api/v1/logs/0d9a", "token": "eyJ",
                         "max_size_in_bytes": 16777216}
            }
            """;

    private static final String FULL_YAML = """
            job_id: 0d9a2c3e
            executor: dockercompose
            compose:
              containers:
                - name: main
                  image: "ruby:3.3"
                  command: sleep infinity
                  entrypoint: /bin/sh
                  user: root
                  env_vars:
                    - {name: FOO, value: QkFS}
                - name: db
                  image: "postgres:16"
              image_pull_credentials:
                - env_vars: [{name: DOCKER_CREDENTIAL_TYPE, value: RG9ja2VySHVi}]
                  files: [{path: /tmp/key.json, content: e30=, mode: "0600"}]
              host_setup_commands:
                - directive: docker login
            commands:
              - directive: checkout
              - directive: make test
                alias: Run tests
            epilogue_always_commands: [{directive: echo always}]
            epilogue_on_pass_commands: [{directive: echo pass}]
            epilogue_on_fail_commands: [{directive: echo fail}]
            env_vars:
              - name: A
                value: aGVsbG8=
            files:
              - path: .ssh/key
                content: LS0t
                mode: "0600"
            ssh_public_keys: [c3NoLXJzYQ==]
            callbacks: {finished: "https://cb/finished", teardown_finished: "https://cb/teardown", token: cbt}
            logger:
              method: push
              url: https://org.semaphoreci.com/api/v1/logs/0d9a
              token: eyJ
              max_size_in_bytes: 16777216
            """;

    private static final JobRequest FULL = new JobRequest(
            "0d9a2c3e",
            "dockercompose",
            new Compose(
                    List.of(new Container("main", "ruby:3.3", "sleep infinity", "/bin/sh", "root",
                                    List.of(new EnvVar("FOO", "QkFS"))),
                            new Container("db", "postgres:16", "", "", "", List.of())),
                    List.of(new ImagePullCredentials(List.of(new EnvVar("DOCKER_CREDENTIAL_TYPE", "RG9ja2VySHVi")),
                            List.of(new JobFile("/tmp/key.json", "e30=", "0600")))),
                    List.of(new Command("docker login", ""))),
            List.of(new Command("checkout", ""), new Command("make test", "Run tests")),
            List.of(new Command("echo always", "")),
            List.of(new Command("echo pass", "")),
            List.of(new Command("echo fail", "")),
            List.of(new EnvVar("A", "aGVsbG8=")),
            List.of(new JobFile(".ssh/key", "LS0t", "0600")),
            List.of("c3NoLXJzYQ=="),
            new Callbacks("https://cb/finished", "https://cb/teardown", "cbt"),
            new LogTarget("push", "https://org.semaphoreci.com/api/v1/logs/0d9a", "eyJ", 16777216L));

    private Path file(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    @Test
    void readsEveryFieldOfAJsonJobFile() throws Exception {
        assertThat(JobRequestReader.readFile(file("job.json", FULL_JSON))).isEqualTo(FULL);
    }

    @Test
    void readsEveryFieldOfAYamlJobFile() throws Exception {
        assertThat(JobRequestReader.readFile(file("job.yml", FULL_YAML))).isEqualTo(FULL);
        assertThat(JobRequestReader.readFile(file("job.YAML", FULL_YAML))).isEqualTo(FULL);
    }

    @Test
    void readsJsonFromAFileWithAnyOtherName() throws Exception {
        assertThat(JobRequestReader.readFile(file("job.txt", FULL_JSON))).isEqualTo(FULL);
    }

    @Test
    void readsEveryFieldOfTheControlPlanesJson() {
        assertThat(JobRequestReader.readProtocolJson(FULL_JSON, "job 0d9a2c3e")).isEqualTo(FULL);
    }

    @Test
    void readsAPlainStringAsACommandWithoutAlias() throws Exception {
        JobRequest request = JobRequestReader.readFile(file("job.yml", "commands: [\"echo hi\", make]\n"));

        assertThat(request.commands()).containsExactly(new Command("echo hi", ""), new Command("make", ""));
    }

    @Test
    void givesEmptyValuesForWhatTheFileLeavesOut() throws Exception {
        JobRequest request = JobRequestReader.readFile(file("job.json", "{\"commands\": []}"));

        assertThat(request).isEqualTo(new JobRequest("", "", Compose.NONE, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), Callbacks.NONE, LogTarget.NONE));
    }

    @Test
    void takesNullAsAMissingValue() throws Exception {
        JobRequest request = JobRequestReader.readFile(file("job.json", """
                {"job_id": null, "executor": null, "compose": null, "commands": [{"directive": "ls", "alias": null}],
                 "epilogue_always_commands": null, "env_vars": [{"name": "A", "value": null}],
                 "files": null, "ssh_public_keys": null, "callbacks": null,
                 "logger": {"method": "push", "url": null, "token": null, "max_size_in_bytes": null}}
                """));

        assertThat(request.jobId()).isEmpty();
        assertThat(request.executor()).isEmpty();
        assertThat(request.compose()).isEqualTo(Compose.NONE);
        assertThat(request.commands()).containsExactly(new Command("ls", ""));
        assertThat(request.epilogueAlwaysCommands()).isEmpty();
        assertThat(request.envVars()).containsExactly(new EnvVar("A", ""));
        assertThat(request.files()).isEmpty();
        assertThat(request.callbacks()).isEqualTo(Callbacks.NONE);
        assertThat(request.logger()).isEqualTo(new LogTarget("push", "", "", 0));
    }

    @Test
    void rejectsAnUnknownKeyInAJobFile() throws Exception {
        Path job = file("job.yml", "commandz:\n  - directive: make\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith(job + ": commandz: unknown key")
                .hasMessageContaining("commands");
    }

    @Test
    void rejectsAnUnknownNestedKeyNamingItsPath() throws Exception {
        Path job = file("job.json", """
                {"commands": [{"directive": "make"}], "files": [{"path": "a", "content": "", "mode": "0644", "owner": "me"}]}
                """);

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("files[0].owner: unknown key");
    }

    @Test
    void requiresCommandsInAJobFile() throws Exception {
        Path job = file("job.yml", "job_id: x\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith(job + ": commands: missing");
    }

    @Test
    void rejectsCommandsThatAreNotAList() throws Exception {
        Path job = file("job.yml", "commands: make test\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("commands: must be a list")
                .hasMessageContaining("make test");
    }

    @Test
    void rejectsANumberWhereAStringBelongsNamingTheField() throws Exception {
        Path job = file("job.json", """
                {"commands": [],
                 "env_vars": [{"name": "A", "value": "YQ=="}, {"name": "B", "value": "Yg=="}, {"name": "C", "value": 5}]}
                """);

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("env_vars[2].value: must be a string");
    }

    @Test
    void tellsToQuoteAnUnquotedYamlFileMode() throws Exception {
        Path job = file("job.yml", """
                commands: [{directive: cat a}]
                files:
                  - path: a
                    content: aGVsbG8=
                    mode: 0644
                """);

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("files[0].mode: must be a string")
                .hasMessageContaining("quote");
    }

    @Test
    void rejectsAnObjectWhereAStringBelongs() throws Exception {
        Path job = file("job.json", "{\"commands\": [{\"directive\": {\"run\": \"make\"}}]}");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("commands[0].directive: must be a string, got an object");
    }

    @Test
    void rejectsALogSizeThatIsNotAWholeNumber() throws Exception {
        Path job = file("job.json", "{\"commands\": [], \"logger\": {\"max_size_in_bytes\": \"big\"}}");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("logger.max_size_in_bytes");
    }

    @Test
    void givesTheLineAndColumnOfInvalidJson() throws Exception {
        Path job = file("job.json", "{\n  \"commands\": [\n    {\"directive\": \"make\",}\n  ]\n}\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith(job + ": not valid JSON")
                .hasMessageContaining("(line 3, column");
    }

    @Test
    void reportsInvalidYaml() throws Exception {
        Path job = file("job.yml", "commands: [unclosed\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith(job + ": not valid YAML");
    }

    @Test
    void rejectsAnEmptyJobFile() throws Exception {
        Path job = file("job.yml", "");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsAJobFileThatIsNotAnObject() throws Exception {
        Path job = file("job.yml", "- directive: make\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("(top level): must be an object, got a list");
    }

    @Test
    void reportsAMissingJobFile() {
        Path job = folder.resolve("nowhere.yml");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage(job + ": no such job file");
    }

    @Test
    void ignoresUnknownKeysInTheControlPlanesJson() {
        JobRequest request = JobRequestReader.readProtocolJson("""
                {"job_id": "j1", "timeout": 3600, "project": {"id": 1},
                 "commands": [{"directive": "make", "shell": "bash"}],
                 "logger": {"method": "push", "url": "u", "token": "t", "compress": true}}
                """, "job j1");

        assertThat(request.jobId()).isEqualTo("j1");
        assertThat(request.commands()).containsExactly(new Command("make", ""));
        assertThat(request.logger()).isEqualTo(new LogTarget("push", "u", "t", 0));
    }

    @Test
    void acceptsControlPlaneJsonWithoutCommands() {
        assertThat(JobRequestReader.readProtocolJson("{\"job_id\": \"j1\"}", "job j1").commands()).isEmpty();
    }

    @Test
    void stillChecksTypesInTheControlPlanesJson() {
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson("{\"commands\": 5}", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job j1: commands: must be a list");
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson("{\"commands\": [", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job j1: not valid JSON");
    }

    @Test
    void refusesControlPlaneJsonWithAnythingAfterTheRequestNamingWhere() {
        // found by JobRequestFuzzTest: Jackson stopped at the end of the first value and took the job
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson("{\"commands\": []} @", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job j1: not valid JSON")
                .hasMessageContaining("(line 1, column 18)");
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson("{\"commands\": []}\n{\"commands\": []}", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("job j1: not valid JSON: '{' after the end of the request (line 2, column 1)");
    }

    @Test
    void refusesAControlPlaneBodyWithoutAJobNamingTheTopLevel() {
        // found by JobRequestFuzzTest: a body of null was called an empty "job file"
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson("null", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("job j1: (top level): must be an object with the job, got null");
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson(" ", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("job j1: (top level): must be an object with the job, got an empty body");
    }

    @Test
    void namesANullListElementAsNull() {
        // found by JobRequestFuzzTest: the message said "got null null"
        assertThatThrownBy(() -> JobRequestReader.readProtocolJson("{\"env_vars\": [null]}", "job j1"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("job j1: env_vars[0]: must be an object, got null");
    }

    @Test
    void readsA10MegabyteValueInEveryYamlScalarStyle() throws Exception {
        String value = "QUJD".repeat(10 * 1024 * 1024 / 4);
        Map<String, String> styles = Map.of(
                "plain", value,
                "double-quoted", "\"" + value + "\"",
                "single-quoted", "'" + value + "'",
                "literal block", "|-\n      " + value + "\n");
        for (Map.Entry<String, String> style : styles.entrySet()) {
            Path job = file("job.yml", "commands: [echo]\nenv_vars:\n  - name: BIG\n    value: " + style.getValue() + "\n");
            // a guard against hanging only, far above the few seconds it takes
            JobRequest request = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> JobRequestReader.readFile(job),
                    style.getKey());
            assertThat(request.envVars().getFirst().value().equals(value)).as(style.getKey() + ": the value read back").isTrue();
        }
    }

    @Test
    void readsALongValueOnTheSameFootingInJsonAndYaml() throws Exception {
        String value = "x".repeat(3 * 1024 * 1024);
        String json = "{\"commands\": [{\"directive\": \"" + value + "\"}]}";
        assertThat(JobRequestReader.readFile(file("job.yml", json)).commands().getFirst().directive().equals(value))
                .as("read as YAML").isTrue();
        assertThat(JobRequestReader.readFile(file("job.json", json)).commands().getFirst().directive().equals(value))
                .as("read as JSON").isTrue();
    }

    @Test
    void rejectsAYamlJobFileLongerThanTheLimitSayingSo() throws Exception {
        Path job = file("job.yml", "commands: [echo]\n# " + "x".repeat(JobRequestReader.MAX_YAML_CHARACTERS) + "\n");

        assertThatThrownBy(() -> JobRequestReader.readFile(job))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith(job + ": not valid YAML")
                .hasMessageContaining("more than " + JobRequestReader.MAX_YAML_CHARACTERS + " characters");
    }

    @Test
    void rejectsDuplicateKeysInYamlJobFilesNamingTheKey() throws Exception {
        Map<String, String> files = Map.of(
                "commands", "commands: [a]\nenv_vars: []\ncommands: [b]\n",
                "name", "commands: []\nenv_vars:\n  - name: A\n    value: eA==\n    name: B\n",
                "finished", "commands: []\ncallbacks: {finished: x, finished: y}\n");
        for (Map.Entry<String, String> entry : files.entrySet()) {
            Path job = file("job.yml", entry.getValue());
            assertThatThrownBy(() -> JobRequestReader.readFile(job))
                    .isInstanceOf(InvalidJobException.class)
                    .hasMessageStartingWith(job + ": not valid YAML")
                    .hasMessageContaining("duplicate key " + entry.getKey());
        }
    }

    @Test
    void rejectsDuplicateKeysInJsonJobFilesNamingTheKey() throws Exception {
        Map<String, String> files = Map.of(
                "commands", "{\"commands\": [\"a\"], \"commands\": [\"b\"]}",
                "name", "{\"commands\": [], \"env_vars\": [{\"name\": \"A\", \"value\": \"\", \"name\": \"B\"}]}",
                "finished", "{\"commands\": [], \"callbacks\": {\"finished\": \"x\", \"finished\": \"y\"}}");
        for (Map.Entry<String, String> entry : files.entrySet()) {
            Path job = file("job.json", entry.getValue());
            assertThatThrownBy(() -> JobRequestReader.readFile(job))
                    .isInstanceOf(InvalidJobException.class)
                    .hasMessageStartingWith(job + ": not valid JSON")
                    .hasMessageContaining("Duplicate field '" + entry.getKey() + "'");
        }
    }

    @Test
    void readsTheControlPlanesJsonWithDuplicateKeysAsSemaphoresAgentDoesLastWins() {
        JobRequest request = JobRequestReader.readProtocolJson("{\"job_id\": \"a\", \"job_id\": \"b\"}", "job b");

        assertThat(request.jobId()).isEqualTo("b");
    }

    @Test
    void yamlAliasesStandForWhatTheirAnchorsName() throws Exception {
        Path job = file("job.yml", """
                commands:
                  - &build {directive: make build, alias: Build}
                  - directive: &test make test
                env_vars: &vars
                  - {name: A, value: &a eA==}
                  - {name: B, value: *a}
                epilogue_always_commands: [*build, {directive: *test}]
                compose:
                  containers:
                    - {name: main, image: ruby, env_vars: *vars}
                """);

        JobRequest request = JobRequestReader.readFile(job);

        assertThat(request.commands()).containsExactly(new Command("make build", "Build"), new Command("make test", ""));
        assertThat(request.epilogueAlwaysCommands()).containsExactly(new Command("make build", "Build"),
                new Command("make test", ""));
        assertThat(request.envVars()).containsExactly(new EnvVar("A", "eA=="), new EnvVar("B", "eA=="));
        assertThat(request.compose().containers().getFirst().envVars()).isEqualTo(request.envVars());
    }

    @Test
    void rejectsAliasesThatExpandWithoutBound() throws Exception {
        StringBuilder bomb = new StringBuilder("commands: []\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("x").append(level).append(": &x").append(level).append(" [");
            bomb.append(String.join(", ", java.util.Collections.nCopies(10, "*x" + (level - 1)))).append("]\n");
        }
        Path job = file("job.yml", bomb.toString());

        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> JobRequestReader.readFile(job)))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith(job + ": not valid YAML")
                .hasMessageContaining("aliases copy more than");
    }
}
