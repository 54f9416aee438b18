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

/** Reads revive's output: a JSON array of issues, a suite per file, a failed test per issue. */
final class ReviveParser implements ReportParser {

    private static final String NAME = "go:revive";
    private static final long ONE_MILLISECOND = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private record Issue(String severity, String failure, String rule, String category, String file, long line,
                         long column, long confidence) {
    }

    /** The file's issues, or why they cannot be read. */
    private record Issues(List<Issue> issues, String problem) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Revive linter output (JSON array)";
    }

    @Override
    public String extension() {
        return ".json";
    }

    @Override
    public boolean detects(Report report) throws IOException {
        Issues read = issues(report.text());
        return read.problem() == null && read.issues().stream()
                .anyMatch(issue -> !issue.rule().isEmpty() && !issue.category().isEmpty() && !issue.file().isEmpty());
    }

    @Override
    public TestResults parse(Report report, Reading reading) throws IOException {
        String resultsName = "Go Revive Analysis";
        String resultsId = TestResults.idOf(resultsName, NAME);
        Issues read = issues(report.text());
        if (read.problem() != null) {
            reading.log().error("Failed to parse JSON: " + read.problem());
            return TestResults.failed(resultsId, resultsName, NAME, "Failed to parse JSON: " + read.problem());
        }
        Map<String, List<Issue>> byFile = new LinkedHashMap<>();
        for (Issue issue : read.issues()) {
            byFile.computeIfAbsent(issue.file().isEmpty() ? "unknown" : issue.file(), file -> new ArrayList<>())
                    .add(issue);
        }
        List<Suite> suites = new ArrayList<>();
        byFile.forEach((file, issues) -> {
            String suiteId = Suite.idIn(resultsId, file);
            suites.add(Suite.of(suiteId, file, "", issues.stream().map(issue -> test(issue, suiteId, reading)).toList()));
        });
        if (read.issues().isEmpty()) {
            String suiteId = Suite.idIn(resultsId, "Revive");
            suites.add(Suite.of(suiteId, "Revive", "", List.of(new Test(
                    Test.idIn(suiteId, "", "No issues found", "", "", ""), "", "", "", "No issues found",
                    ONE_MILLISECOND, Test.PASSED, null, null, "", "", reading.env()))));
        }
        reading.log().info("Parsed " + read.issues().size() + " revive issues from " + byFile.size() + " files");
        return new TestResults(resultsId, resultsName, NAME, false, Summary.EMPTY, TestResults.SUCCESS, "", List.of())
                .withSuites(suites);
    }

    private static Test test(Issue issue, String suiteId, Reading reading) {
        int slash = issue.file().lastIndexOf('/');
        String base = issue.file().isEmpty() ? "." : issue.file().substring(slash + 1);
        String name = base + ":" + issue.line() + ":" + issue.column() + " - " + issue.rule();
        String file = issue.file() + ":" + issue.line();
        Fault failure = new Fault(issue.failure(), issue.rule() + " (" + issue.severity() + ")",
                "Rule: " + issue.rule() + "\nCategory: " + issue.category() + "\nSeverity: " + issue.severity()
                        + "\nConfidence: " + issue.confidence() + "\n\n" + issue.failure()).trimmed(reading.trim());
        return new Test(Test.idIn(suiteId, "", name, issue.category(), "", file), file, issue.category(), "", name,
                ONE_MILLISECOND, Test.FAILED, failure, null, "", "", reading.env());
    }

    private static Issues issues(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Issues(List.of(), e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Issues(List.of(), "unexpected end of JSON input");
        }
        if (root.isNull()) {
            return new Issues(List.of(), null);
        }
        if (!root.isArray()) {
            return new Issues(List.of(), "json: cannot unmarshal " + kind(root) + " into Go value of type []parsers.ReviveIssue");
        }
        List<Issue> issues = new ArrayList<>();
        for (JsonNode item : root) {
            JsonFields fields = new JsonFields(item);
            JsonFields start = fields.object("Position").object("Start");
            Issue issue = new Issue(fields.text("Severity"), fields.text("Failure"), fields.text("RuleName"),
                    fields.text("Category"), start.text("Filename"), start.integer("Line"), start.integer("Column"),
                    fields.integer("Confidence"));
            if (fields.spoiled() || start.spoiled()) {
                return new Issues(List.of(), "json: cannot unmarshal " + kind(item)
                        + " into Go value of type parsers.ReviveIssue");
            }
            issues.add(issue);
        }
        return new Issues(issues, null);
    }

    private static String kind(JsonNode node) {
        return node.isTextual() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool"
                : node.isArray() ? "array" : "object";
    }
}
