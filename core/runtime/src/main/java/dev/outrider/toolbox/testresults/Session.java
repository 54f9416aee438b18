package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.call.ToolboxCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One run of a test-results subcommand: the call, its parsed flags, and what follows from them.
 *
 * @param call  the job's call
 * @param flags the parsed flags (global and the subcommand's own)
 * @param log   where messages go
 */
record Session(ToolboxCall call, FlagSet.Parsed flags, Log log) {

    JobFiles files() {
        return call.files();
    }

    boolean flag(String name) {
        return flags.values().containsKey(name) && flags.bool(name);
    }

    boolean compress() {
        return !flag("no-compress");
    }

    /** @return how results are read: the job's variables on each test, trimming per the flags and variable */
    Reading reading() {
        return new Reading(SemaphoreEnv.from(call::env),
                Trim.of(flag("no-trim-output"), flags.integer("trim-output-to"), call.env("SEMAPHORE_TEST_RESULTS_NO_TRIM")),
                log);
    }

    /** Writes a document to a file of the job, whole (through an agent-side temporary file), logging where. */
    void writeToJob(Object document, String shownPath, boolean compressed) throws IOException {
        log.info("Saving results to " + shownPath);
        Path temporary = Files.createTempFile("test-results", ".json");
        try {
            ResultFiles.write(document, temporary, compressed);
            try (InputStream in = Files.newInputStream(temporary)) {
                files().write(call.resolve(shownPath), in, Files.size(temporary));
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes a document to an agent-side temporary file (to push it), logging where. */
    Path writeTemporary(Object document, boolean compressed) throws IOException {
        Path temporary = Files.createTempFile("test-results", "");
        log.info("Saving results to " + temporary);
        ResultFiles.write(document, temporary, compressed);
        return temporary;
    }
}
