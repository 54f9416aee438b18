package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every parser against Semaphore's own fixture pairs (report in, parser output out), read from the
 * local mirror of the upstream repository when this machine has it (the fixtures are not copied:
 * the repository carries no licence).
 */
class UpstreamFixturesTest {

    private static final Path MIRROR = Path.of("/work/.mirror/semaphoreci+toolbox/repo");
    private static final Map<String, String> FIXTURE_ENV = Map.of(
            "SEMAPHORE_PROJECT_ID", "project-id", "SEMAPHORE_PIPELINE_ID", "ppl-id",
            "SEMAPHORE_WORKFLOW_ID", "wf-id", "SEMAPHORE_JOB_CREATION_TIME", "job-creation-time",
            "SEMAPHORE_JOB_NAME", "job-name", "SEMAPHORE_JOB_ID", "job-id",
            "SEMAPHORE_AGENT_MACHINE_TYPE", "agent-machine-type",
            "SEMAPHORE_AGENT_MACHINE_OS_IMAGE", "agent-machine-os-image",
            "SEMAPHORE_GIT_REF_TYPE", "git-ref-type");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({"junit_generic,in.xml,generic", "junit_golang,in.xml,golang", "junit_rspec,in.xml,rspec",
            "junit_exunit,in.xml,exunit", "junit_mocha,in.xml,mocha", "junit_phpunit,in.xml,phpunit",
            "junit_embedded,in.xml,embedded", "go_staticcheck,in.json,go:staticcheck", "go_revive,in.json,go:revive"})
    void parserOutputMatchesUpstreamFixture(String fixture, String input, String parserName) throws Exception {
        assumeTrue(Files.isDirectory(MIRROR), "no mirror of semaphoreci/toolbox on this machine");
        Path report = folder.resolve(input);
        Files.write(report, show("test-results/priv/parsers/" + fixture + "/" + input));
        JsonNode expected = JSON.readTree(show("test-results/priv/parsers/" + fixture + "/out.json"));
        List<String> log = new ArrayList<>();
        Reading reading = new Reading(SemaphoreEnv.from(name -> FIXTURE_ENV.getOrDefault(name, "")), Trim.NONE,
                new Log(new ListOutput(log), false));

        TestResults parsed = Parsers.named(parserName).orElseThrow()
                .parse(new Report(new LocalJobFiles(), report.toString(), input), reading);

        assertThat(JSON.readTree(ResultFiles.json(merged(parsed))))
                .isEqualTo(JSON.readTree(ResultFiles.json(merged(JSON.treeToValue(expected, TestResults.class)))));
    }

    /**
     * @return the results as every command writes them: merged (Go writes revive's suites in map
     * order, and the embedded parser leaves the top summary to the merge)
     */
    private static Result merged(TestResults results) {
        Merge merge = new Merge();
        merge.add(new Result(List.of(results)));
        return merge.result();
    }

    private static byte[] show(String path) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", MIRROR.toString(), "show", "HEAD:" + path)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] content = git.getInputStream().readAllBytes();
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as("git show " + path).isZero();
        return content;
    }
}
