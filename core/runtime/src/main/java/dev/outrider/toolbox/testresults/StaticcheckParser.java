package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads staticcheck's output: one JSON issue per line, a suite per file, a test per issue. */
final class StaticcheckParser implements ReportParser {

    private static final String NAME = "go:staticcheck";
    private static final long ONE_MILLISECOND = 1_000_000;
    private static final int LONGEST_LINE = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private record Issue(String code, String severity, String file, long line, long column, String message) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Staticcheck linter output (newline-delimited JSON)";
    }

    @Override
    public String extension() {
        return ".json";
    }

    @Override
    public boolean detects(Report report) throws IOException {
        for (String line : report.text().split("\n", -1)) {
            if (line.length() >= LONGEST_LINE) {
                return false;
            }
            Optional<Issue> issue = issue(line);
            if (issue.isPresent() && !issue.get().code().isEmpty() && !issue.get().file().isEmpty()
                    && !issue.get().message().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public TestResults parse(Report report, Reading reading) throws IOException {
        String framework = NAME;
        String resultsName = "Go Staticcheck Analysis";
        String resultsId = TestResults.idOf(resultsName, framework);
        Map<String, List<Issue>> byFile = new LinkedHashMap<>();
        int count = 0;
        for (String line : report.text().split("\n", -1)) {
            if (line.length() >= LONGEST_LINE) {
                reading.log().error("Error reading JSON lines: bufio.Scanner: token too long");
                return TestResults.failed(resultsId, resultsName, framework, "bufio.Scanner: token too long");
            }
            Optional<Issue> issue = issue(line);
            if (issue.isPresent()) {
                count++;
                byFile.computeIfAbsent(issue.get().file(), file -> new ArrayList<>()).add(issue.get());
            }
        }
        List<Suite> suites = new ArrayList<>();
        byFile.forEach((file, issues) -> {
            int slash = file.lastIndexOf('/');
            String base = file.isEmpty() ? "." : slash < 0 ? file : file.substring(slash + 1);
            String dir = slash < 0 ? "." : slash == 0 ? "/" : file.substring(0, slash);
            String suiteId = Suite.idIn(resultsId, base);
            List<Test> tests = issues.stream().map(issue -> test(issue, suiteId, reading)).toList();
            suites.add(Suite.of(suiteId, base, dir, tests));
        });
        if (count == 0) {
            String suiteId = Suite.idIn(resultsId, "Staticcheck");
            Test none = new Test(Test.idIn(suiteId, "", "No issues found", "", "", ""), "", "", "", "No issues found",
                    ONE_MILLISECOND, Test.PASSED, null, null, "", "", reading.env());
            suites.add(Suite.of(suiteId, "Staticcheck", "", List.of(none)));
        }
        reading.log().info("Parsed " + count + " staticcheck issues from " + byFile.size() + " files");
        return new TestResults(resultsId, resultsName, framework, false, Summary.EMPTY, TestResults.SUCCESS, "",
                List.of()).withSuites(suites);
    }

    private static Test test(Issue issue, String suiteId, Reading reading) {
        String name = issue.code() + " (line " + issue.line() + ":" + issue.column() + ")";
        Fault fault = new Fault(issue.message(), issue.code(),
                "Location: " + issue.file() + ":" + issue.line() + ":" + issue.column() + "\n" + issue.message())
                .trimmed(reading.trim());
        boolean error = issue.severity().equals("error");
        return new Test(Test.idIn(suiteId, "", name, issue.code(), "", issue.file()), issue.file(), issue.code(), "",
                name, ONE_MILLISECOND, error ? Test.ERROR : Test.FAILED, error ? null : fault, error ? fault : null, "",
                "", reading.env());
    }

    private static Optional<Issue> issue(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
        JsonFields fields = new JsonFields(node);
        JsonFields location = fields.object("location");
        fields.object("end").text("file");
        Issue issue = new Issue(fields.text("code"), fields.text("severity"), location.text("file"),
                location.integer("line"), location.integer("column"), fields.text("message"));
        return fields.spoiled() || location.spoiled() ? Optional.empty() : Optional.of(issue);
    }
}
