package dev.outrider.toolbox.testresults;

import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The summaries {@code publish} and {@code gen-pipeline-report} upload next to the results. */
final class Uploads {
    private Uploads() {
    }

    /** Uploads the sum of all results' summaries, unless there are no results. */
    static void summary(Session session, Artifacts artifacts, Result result, String level, String destination)
            throws Failed, IOException, InterruptedException {
        if (result.testResults().isEmpty()) {
            session.log().info("no test results to process");
            return;
        }
        session.log().info("starting to generate summary");
        upload(session, artifacts, result.summary(), session.compress(), level, destination);
    }

    /** Uploads the results keeping only failed and errored tests (never compressed), unless there are no results. */
    static void mcpSummary(Session session, Artifacts artifacts, Result result, String level, String destination)
            throws Failed, IOException, InterruptedException {
        if (result.testResults().isEmpty()) {
            session.log().info("no test results to process for MCP summary");
            return;
        }
        session.log().info("starting to generate MCP summary");
        upload(session, artifacts, result.onlyFailedTests(), false, level, destination);
    }

    private static void upload(Session session, Artifacts artifacts, Object document, boolean compress, String level,
                               String destination) throws Failed, IOException, InterruptedException {
        Path file = session.writeTemporary(document, compress);
        try {
            artifacts.push(level, file.toString(), destination, new LocalJobFiles());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
