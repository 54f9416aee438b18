package dev.outrider.toolbox.testresults;

import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code test-results publish <report>...}: compiles the reports and uploads the results as the
 * job's artifacts ({@code test-results/junit.json}, {@code summary.json}), the workflow's
 * ({@code test-results/<pipeline>/<job>.json}) and, unless {@code --no-raw}, the reports themselves.
 */
final class PublishCommand implements Subcommand {

    private final ToolboxCommand artifact;

    PublishCommand(ToolboxCommand artifact) {
        this.artifact = artifact;
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String use() {
        return "publish <file-path>...";
    }

    @Override
    public String summary() {
        return "parses test result files to well defined json schema and publishes results to artifacts storage";
    }

    @Override
    public String description() {
        return "Reads test reports (JUnit XML, linter JSON), merges them and uploads the results as artifacts\n"
                + "of the job and of the workflow, with the reports themselves.\n\n"
                + "A directory stands for the reports below it. Give a file's parser as <file>:<parser>.\n\n"
                + "Parsers:\n" + TestResultsCommand.parserList();
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                Flag.bool("no-raw", "", "Skips uploading raw input files"),
                Flag.bool("force", "f", "force artifact push, passes -f flag to artifact CLI"),
                Flag.bool("omit-output-for-passed", "o", "omit stdout if test passed, defaults to false"),
                Flag.bool("ignore-missing", "", "ignore missing files instead of failing"),
                Flag.bool("generate-mcp-summary", "",
                        "generate and push a summary with only failed tests (no compression)"));
    }

    @Override
    public int minimumArgs() {
        return 1;
    }

    @Override
    public int run(Session session, List<String> args) throws Failed, IOException, InterruptedException {
        boolean ignoreMissing = session.flag("ignore-missing");
        List<Inputs.Input> inputs = Inputs.expand(session, args, ignoreMissing);
        if (inputs.isEmpty()) {
            session.log().warn("No files to process");
            return 0;
        }
        Result result = new Compilation(session, ignoreMissing).compile(inputs);
        Artifacts artifacts = new Artifacts(session, artifact);
        LocalJobFiles agentFiles = new LocalJobFiles();
        Path report = session.writeTemporary(result, session.compress());
        try {
            artifacts.push("job", report.toString(), "test-results/junit.json", agentFiles);
            Uploads.summary(session, artifacts, result, "job", "test-results/summary.json");
            if (session.flag("generate-mcp-summary")) {
                Uploads.mcpSummary(session, artifacts, result, "job", "test-results/mcp-summary.json");
            }
            if (!session.call().environment().containsKey("SEMAPHORE_PIPELINE_ID")) {
                session.log().error("SEMAPHORE_PIPELINE_ID env is missing");
                return 0;
            }
            if (!session.call().environment().containsKey("SEMAPHORE_JOB_ID")) {
                session.log().error("SEMAPHORE_JOB_ID env is missing");
                return 0;
            }
            artifacts.push("workflow", report.toString(), "test-results/" + session.call().env("SEMAPHORE_PIPELINE_ID")
                    + "/" + session.call().env("SEMAPHORE_JOB_ID") + ".json", agentFiles);
        } finally {
            Files.deleteIfExists(report);
        }
        if (!session.flag("no-raw")) {
            for (int i = 0; i < inputs.size(); i++) {
                String raw = inputs.get(i).shown();
                String extension = Report.extensionOf(raw);
                String destination = inputs.size() == 1 ? "test-results/junit" + extension
                        : "test-results/junit-" + i + extension;
                artifacts.push("job", raw, destination, session.files());
            }
        }
        artifacts.transfers().report(session.log());
        return 0;
    }
}
