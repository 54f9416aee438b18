package dev.outrider.toolbox.testresults;

import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code test-results gen-pipeline-report [<dir>]}: merges the results the pipeline's jobs published
 * (pulled from the workflow's artifacts, or read from a directory of the job) and uploads them as
 * the workflow's {@code test-results/<pipeline>.json} and {@code <pipeline>-summary.json}.
 */
final class PipelineReportCommand implements Subcommand {

    private final ToolboxCommand artifact;

    PipelineReportCommand(ToolboxCommand artifact) {
        this.artifact = artifact;
    }

    @Override
    public String name() {
        return "gen-pipeline-report";
    }

    @Override
    public String use() {
        return "gen-pipeline-report [<path>...]";
    }

    @Override
    public String summary() {
        return "fetches workflow level JUnit reports and combines them together";
    }

    @Override
    public String description() {
        return "Merges the results the pipeline's jobs published (or the .json files below <path>)\n"
                + "and uploads them as the workflow's report.";
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                Flag.bool("force", "f", "force artifact push, passes -f flag to artifact CLI"),
                Flag.bool("generate-mcp-summary", "",
                        "generate and push a summary with only failed tests (no compression)"));
    }

    @Override
    public int minimumArgs() {
        return 0;
    }

    @Override
    public int run(Session session, List<String> args) throws Failed, IOException, InterruptedException {
        if (!session.call().environment().containsKey("SEMAPHORE_PIPELINE_ID")) {
            session.log().error("SEMAPHORE_PIPELINE_ID env is missing");
            return 0;
        }
        String pipeline = session.call().env("SEMAPHORE_PIPELINE_ID");
        Artifacts artifacts = new Artifacts(session, artifact);
        ResultLoader loader = new ResultLoader(session);
        Result result;
        if (args.isEmpty()) {
            Path pulled = Files.createTempDirectory("test-results");
            try {
                artifacts.pull("workflow", "test-results/" + pipeline, pulled.toString(), new LocalJobFiles());
                result = loader.mergeAll(new LocalJobFiles(), pulled.toString(), pulled.toString());
            } finally {
                deleteTree(pulled);
            }
        } else {
            result = loader.mergeAll(session.files(), session.call().resolve(args.get(0)), args.get(0));
        }
        Path report = session.writeTemporary(result, session.compress());
        try {
            artifacts.push("workflow", report.toString(), "test-results/" + pipeline + ".json", new LocalJobFiles());
        } finally {
            Files.deleteIfExists(report);
        }
        Uploads.summary(session, artifacts, result, "workflow", "test-results/" + pipeline + "-summary.json");
        if (session.flag("generate-mcp-summary")) {
            Uploads.mcpSummary(session, artifacts, result, "workflow", "test-results/" + pipeline + "-mcp-summary.json");
        }
        artifacts.transfers().report(session.log());
        return 0;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
