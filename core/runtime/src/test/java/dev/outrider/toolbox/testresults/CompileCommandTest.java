package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test-results compile}: inputs, problems as data, outputs. */
class CompileCommandTest {

    @TempDir
    Path folder;

    private Job job() {
        return new Job(folder);
    }

    private void write(String name, String content) throws Exception {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void truncatedReportIsPublishedAsAnErrorResultAndTheCommandSucceeds() throws Exception {
        Job job = job();
        write("broken.xml", "<testsuites>\n<testsuite name=\"a\">\n<testcase name=\"t\">");

        int status = job.run("compile", "--no-compress", "broken.xml", "out.json");

        assertThat(status).isZero();
        JsonNode results = job.json("out.json").at("/testResults/0");
        assertThat(results.get("status").asText()).isEqualTo("error");
        assertThat(results.get("statusMessage").asText()).isEqualTo("XML syntax error on line 3: unexpected EOF");
        assertThat(results.get("name").asText()).isEqualTo("Generic Suite");
        assertThat(results.get("id").asText()).isEmpty();
        assertThat(results.get("suites")).isEmpty();
    }

    @Test
    void emptyReportIsAnErrorResultSayingEof() throws Exception {
        Job job = job();
        write("empty.xml", "");

        assertThat(job.run("compile", "--no-compress", "empty.xml", "out.json")).isZero();

        assertThat(job.json("out.json").at("/testResults/0/statusMessage").asText()).isEqualTo("EOF");
    }

    @Test
    void wrongRootIsAnErrorResultNamingTheRoot() throws Exception {
        Job job = job();
        write("page.xml", "<html><body>not a report</body></html>");

        assertThat(job.run("compile", "--no-compress", "page.xml", "out.json")).isZero();

        JsonNode results = job.json("out.json").at("/testResults/0");
        assertThat(results.get("status").asText()).isEqualTo("error");
        assertThat(results.get("statusMessage").asText())
                .isEqualTo("Invalid root element found: <html>, must be one of <testsuites>, <testsuite>");
    }

    @Test
    void embeddedParserRefusesARootTestsuite() throws Exception {
        Job job = job();
        write("one.xml", "<testsuite name=\"x\"><testcase name=\"t\"/></testsuite>");

        assertThat(job.run("compile", "--no-compress", "one.xml:embedded", "out.json")).isZero();

        JsonNode results = job.json("out.json").at("/testResults/0");
        assertThat(results.get("name").asText()).isEqualTo("Suite");
        assertThat(results.get("id").asText()).isEqualTo(Ids.v3(Ids.NIL, "Suiteembedded"));
        assertThat(results.get("statusMessage").asText())
                .isEqualTo("Invalid root element found: <testsuite>, must be <testsuites>");
    }

    @Test
    void doesNotResolveExternalEntities() throws Exception {
        Job job = job();
        write("secret.txt", "top secret");
        write("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM \"file://"
                + folder.resolve("secret.txt") + "\">]>\n<testsuite name=\"s\"><testcase name=\"&x;\"/></testsuite>");

        assertThat(job.run("compile", "--no-compress", "xxe.xml", "out.json")).isZero();

        assertThat(new String(Job.plain(folder.resolve("out.json")), StandardCharsets.UTF_8)).doesNotContain("top secret");
    }

    @Test
    void missingInputFailsNamingIt() throws Exception {
        Job job = job();

        int status = job.run("compile", "nothing.xml", "out.json");

        assertThat(status).isEqualTo(1);
        assertThat(job.errors().get(0))
                .isEqualTo("Error: failed to stat nothing.xml: stat nothing.xml: no such file or directory");
        assertThat(job.errors()).anySatisfy(line -> assertThat(line).startsWith("Usage:\n  test-results compile"));
        assertThat(folder.resolve("out.json")).doesNotExist();
    }

    @Test
    void missingInputIsSkippedWithIgnoreMissingAndAnEmptyDocumentIsWritten() throws Exception {
        Job job = job();

        int status = job.run("compile", "--ignore-missing", "--no-compress", "nothing.xml", "out.json");

        assertThat(status).isZero();
        assertThat(job.errors()).contains("* File not found, skipping: nothing.xml", "* No files to process");
        assertThat(Files.readString(folder.resolve("out.json"))).isEqualTo("{\"testResults\":[]}");
    }

    @Test
    void folderHoldingEarlierResultsFailsUnlessMissingOnesAreIgnored() throws Exception {
        Job job = job();
        job.sample("golang.xml");
        Files.createDirectories(folder.resolve("reports"));
        Files.move(folder.resolve("golang.xml"), folder.resolve("reports/golang.xml"));
        write("reports/earlier.json", "{\"testResults\":[]}");

        assertThat(job.run("compile", "reports", "out.json")).isEqualTo(1);
        assertThat(job.errors()).contains("Error: no applicable parsers found for reports/earlier.json");

        assertThat(job.run("compile", "--ignore-missing", "--no-compress", "reports", "out.json")).isZero();
        assertThat(job.errors()).contains("* Could not find parser for reports/earlier.json, skipping: "
                + "no applicable parsers found for reports/earlier.json");
        assertThat(job.json("out.json").at("/testResults/0/framework").asText()).isEqualTo("golang");
    }

    @Test
    void unknownExplicitParserFails() throws Exception {
        Job job = job();
        job.sample("golang.xml");

        assertThat(job.run("compile", "golang.xml:nunit", "out.json")).isEqualTo(1);

        assertThat(job.errors()).contains("* Could not find specified parser nunit: parser not found: nunit",
                "Error: parser nunit not found");
    }

    @Test
    void writesGzipByDefaultKeepingTheJsonName() throws Exception {
        Job job = job();
        job.sample("golang.xml");

        assertThat(job.run("compile", "golang.xml", "out.json")).isZero();

        byte[] bytes = Files.readAllBytes(folder.resolve("out.json"));
        assertThat(bytes[0] & 0xff).isEqualTo(0x1f);
        assertThat(bytes[1] & 0xff).isEqualTo(0x8b);
        assertThat(job.json("out.json").at("/testResults/0/framework").asText()).isEqualTo("golang");
        assertThat(job.errors()).contains("* Compiled test results saved to out.json");
    }

    @Test
    void nameFlagRenamesResultsAndDerivesIdsFromNames() throws Exception {
        Job job = job();
        job.sample("rspec.xml");

        assertThat(job.run("compile", "--no-compress", "-N", "Backend", "rspec.xml", "out.json")).isZero();

        JsonNode results = job.json("out.json").at("/testResults/0");
        String id = Ids.v3(Ids.NIL, "Backendrspec");
        String suiteId = Ids.v3(java.util.UUID.fromString(id), "spec/models/user_spec.rb");
        assertThat(results.get("name").asText()).isEqualTo("Backend");
        assertThat(results.get("id").asText()).isEqualTo(id);
        JsonNode suite = results.at("/suites").findParents("name").stream()
                .filter(node -> node.get("name").asText().equals("spec/models/user_spec.rb")).findFirst().orElseThrow();
        assertThat(suite.get("id").asText()).isEqualTo(suiteId);
        assertThat(suite.at("/tests/1/id").asText()).isEqualTo(Ids.v3(java.util.UUID.fromString(suiteId),
                ".User fails.spec.models.user_spec..spec/models/user_spec.rb"));
    }

    @Test
    void suitePrefixIsPrependedToEverySuite() throws Exception {
        Job job = job();
        job.sample("exunit.xml");

        assertThat(job.run("compile", "--no-compress", "--suite-prefix=API", "exunit.xml", "out.json")).isZero();

        JsonNode results = job.json("out.json").at("/testResults/0");
        assertThat(results.get("id").asText()).isEqualTo(Ids.v3(Ids.NIL, "Exunit Suiteexunit"));
        assertThat(results.findValuesAsText("name")).contains("API App.UserTest", "API App.OrderTest");
    }

    @Test
    void omitOutputForPassedBlanksOnlyPassedTests() throws Exception {
        Job job = job();
        write("out.xml", "<testsuite name=\"s\"><testcase name=\"ok\"><system-out>noise</system-out></testcase>"
                + "<testcase name=\"bad\"><failure>x</failure><system-out>why</system-out></testcase></testsuite>");

        assertThat(job.run("compile", "-o", "--no-compress", "out.xml", "res.json")).isZero();

        JsonNode tests = job.json("res.json").at("/testResults/0/suites/0/tests");
        assertThat(tests.get(0).get("systemOut").asText()).isEmpty();
        assertThat(tests.get(1).get("systemOut").asText()).isEqualTo("why");
    }

    @Test
    void mcpSummaryKeepsFailedTestsNextToTheOutputUncompressed() throws Exception {
        Job job = job();
        job.sample("golang.xml");
        Files.createDirectories(folder.resolve("out"));

        assertThat(job.run("compile", "--generate-mcp-summary", "golang.xml", "out/res.json")).isZero();

        assertThat(job.errors()).contains("* MCP summary saved to out/mcp-summary.json");
        JsonNode summary = Job.expected("golang.expected.json");
        JsonNode mcp = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(folder.resolve("out/mcp-summary.json")));
        assertThat(mcp.at("/testResults/0/summary")).isEqualTo(summary.at("/testResults/0/summary"));
        assertThat(mcp.findValuesAsText("state")).containsOnly("failed");
    }

    @Test
    void trimsLongOutputsToTheirLastBytes() throws Exception {
        Job job = job();
        write("long.xml", "<testsuite name=\"s\"><testcase name=\"t\"><failure message=\"m\">" + "a".repeat(50) + "0123456789"
                + "</failure></testcase></testsuite>");

        assertThat(job.run("compile", "--no-compress", "-s", "10", "long.xml", "a.json")).isZero();
        assertThat(job.json("a.json").at("/testResults/0/suites/0/tests/0/failure/body").asText())
                .isEqualTo("...[truncated]...\n0123456789");

        job.env.put("SEMAPHORE_TEST_RESULTS_NO_TRIM", "true");
        assertThat(job.run("compile", "--no-compress", "-s", "10", "long.xml", "b.json")).isZero();
        assertThat(job.json("b.json").at("/testResults/0/suites/0/tests/0/failure/body").asText())
                .as("the variable applies only while the limit is the default").startsWith("...[truncated]...");

        assertThat(job.run("compile", "--no-compress", "--no-trim-output", "-s", "10", "long.xml", "c.json")).isZero();
        assertThat(job.json("c.json").at("/testResults/0/suites/0/tests/0/failure/body").asText()).hasSize(60);
    }

    @Test
    void noTrimVariableKeepsEverythingWhileTheLimitIsTheDefault() throws Exception {
        Job job = job();
        String body = "b".repeat(1500);
        write("long.xml", "<testsuite name=\"s\"><testcase name=\"t\"><failure>" + body + "</failure></testcase></testsuite>");

        assertThat(job.run("compile", "--no-compress", "long.xml", "a.json")).isZero();
        assertThat(job.json("a.json").at("/testResults/0/suites/0/tests/0/failure/body").asText())
                .isEqualTo("...[truncated]...\n" + "b".repeat(1000));

        job.env.put("SEMAPHORE_TEST_RESULTS_NO_TRIM", "true");
        assertThat(job.run("compile", "--no-compress", "long.xml", "b.json")).isZero();
        assertThat(job.json("b.json").at("/testResults/0/suites/0/tests/0/failure/body").asText()).isEqualTo(body);
    }

    @Test
    void writesJsonEscapedAsGoDoes() throws Exception {
        Job job = job();
        write("esc.xml", "<testsuite name=\"a&lt;b&gt;&amp;c\"><testcase name=\"t\"><system-out>\u2028\ttab</system-out>"
                + "</testcase></testsuite>");

        assertThat(job.run("compile", "--no-compress", "esc.xml", "out.json")).isZero();

        String json = Files.readString(folder.resolve("out.json"));
        assertThat(json).contains("\"name\":\"a\\u003cb\\u003e\\u0026c\"", "\"systemOut\":\"\\u2028\\ttab\"");
    }
}
