package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports real tools wrote: Maven Surefire's (committed, from this project's build) and pytest's (made here). */
class RealReportsTest {

    @TempDir
    Path folder;

    @Test
    void surefireReportGoesToTheGenericParserWithItsPropertiesAndTimes() throws Exception {
        Job job = new Job(folder);
        job.sample("TEST-surefire.xml");

        assertThat(job.run("compile", "--no-compress", "TEST-surefire.xml", "out.json")).isZero();

        assertThat(job.errors()).contains("* Using generic parser");
        JsonNode results = job.json("out.json").at("/testResults/0");
        String resultsId = Ids.v3(Ids.NIL, "Generic Suite");
        assertThat(results.get("id").asText()).isEqualTo(resultsId);
        JsonNode suite = results.at("/suites/0");
        String suiteName = "dev.outrider.toolbox.testresults.MergeTest";
        String suiteId = Ids.v3(UUID.fromString(resultsId), suiteName);
        assertThat(suite.get("id").asText()).isEqualTo(suiteId);
        assertThat(suite.get("name").asText()).isEqualTo(suiteName);
        assertThat(suite.get("properties").get("java.specification.version")).isNotNull();
        assertThat(suite.get("summary").toString())
                .isEqualTo("{\"total\":4,\"passed\":4,\"skipped\":0,\"error\":0,\"failed\":0,\"disabled\":0,\"duration\":312000000}");
        JsonNode first = suite.at("/tests/0");
        assertThat(first.get("name").asText()).isEqualTo("unmergedSuitesKeepTheirTestOrderAndDuplicates");
        assertThat(first.get("classname").asText()).isEqualTo(suiteName);
        assertThat(first.get("duration").asLong()).isEqualTo(199_000_000L);
        assertThat(first.get("id").asText()).isEqualTo(Ids.v3(UUID.fromString(suiteId),
                ".unmergedSuitesKeepTheirTestOrderAndDuplicates." + suiteName + ".."));
    }

    @Test
    void pytestReportGivesPassedFailedAndSkippedTests() throws Exception {
        assumeTrue(pytestRuns(), "python3 -m pytest is not installed here");
        Files.writeString(folder.resolve("test_sample.py"), """
                import pytest

                def test_ok():
                    print("hello from ok")

                def test_bad():
                    assert 1 == 2

                @pytest.mark.skip(reason="not today")
                def test_later():
                    pass
                """);
        Process pytest = new ProcessBuilder("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "--junitxml=report.xml", "test_sample.py").directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(pytest.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Job job = new Job(folder);

        assertThat(job.run("compile", "--no-compress", "report.xml", "out.json")).isZero();

        JsonNode suite = job.json("out.json").at("/testResults/0/suites/0");
        assertThat(suite.get("name").asText()).isEqualTo("pytest");
        assertThat(suite.at("/summary/total").asInt()).isEqualTo(3);
        assertThat(suite.at("/summary/passed").asInt()).isEqualTo(1);
        assertThat(suite.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(suite.at("/summary/skipped").asInt()).isEqualTo(1);
        JsonNode bad = suite.get("tests").findParents("name").stream()
                .filter(test -> test.get("name").asText().equals("test_bad")).findFirst().orElseThrow();
        assertThat(bad.get("classname").asText()).isEqualTo("test_sample");
        assertThat(bad.get("state").asText()).isEqualTo("failed");
        assertThat(bad.at("/failure/message").asText()).contains("assert 1 == 2");
    }

    private static boolean pytestRuns() throws Exception {
        try {
            Process version = new ProcessBuilder("python3", "-m", "pytest", "--version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (java.io.IOException noPython) {
            return false;
        }
    }
}
