package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `test-results` command of jobs run by `outrider run`: the toolbox wrapper forwards to the
 * agent over the job's channel, the agent reads and writes the job's files.
 */
class TestResultsCommandIT {

    @TempDir
    Path work;

    @Test
    void compileWritesTheResultsIntoTheJobsFolderAndFlagErrorsFailTheCommand() throws Exception {
        Path folder = Files.createDirectories(work.resolve("job"));
        Files.writeString(folder.resolve("report.xml"), """
                <testsuite name="unit"><testcase name="ok" classname="A" time="0.5"/>
                <testcase name="bad" classname="A"><failure message="no">trace</failure></testcase></testsuite>
                """);
        JsonArray directives = new JsonArray();
        for (String command : new String[] {"cd " + folder, "test-results compile report.xml out.json",
                "test-results compile --x report.xml out.json || echo flag-exit-$?", "test-results --version"}) {
            directives.add(new JsonObject().put("directive", command));
        }
        Path job = Files.writeString(work.resolve("job.json"),
                new JsonObject().put("job_id", "test-results-job").put("commands", directives).encode());

        Process outrider = Installation.start(work, "run", job.toString());
        assertThat(outrider.waitFor(5, TimeUnit.MINUTES)).isTrue();
        Result run = Result.of(outrider, work);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("* Using generic parser", "* Compiled test results saved to out.json",
                "Error: unknown flag: --x", "Global Flags:", "flag-exit-1", "test-results version 0.9.0");
        String results;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(folder.resolve("out.json")))) {
            results = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(results).startsWith("{\"testResults\":[{\"id\":\"")
                .contains("\"summary\":{\"total\":2,\"passed\":1,\"skipped\":0,\"error\":0,\"failed\":1,\"disabled\":0,"
                        + "\"duration\":500000000}");
    }
}
