package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.core.JacksonException;
import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.io.InputStream;

/** Reads earlier results documents (gzip or plain) for merging, trimming their outputs on the way. */
final class ResultLoader {

    private final Session session;
    private final Trim trim;

    ResultLoader(Session session) {
        this.session = session;
        this.trim = session.reading().trim();
    }

    /** @throws Failed with the JSON problem when the file is not a results document */
    Result load(JobFiles files, String path) throws Failed, IOException {
        try (InputStream in = files.open(path)) {
            return trim.apply(ResultFiles.read(in));
        } catch (JacksonException e) {
            session.log().error(e.getOriginalMessage());
            throw new Failed(e.getOriginalMessage());
        }
    }

    /**
     * Merges every {@code .json} file at or below a path, in directory-walk order.
     *
     * @throws Failed when the path is missing or a file is not a results document
     */
    Result mergeAll(JobFiles files, String path, String shown) throws Failed, IOException {
        if (files.kind(path).isEmpty()) {
            String problem = "stat " + shown + ": no such file or directory";
            session.log().error("Input file read failed: " + problem);
            session.log().error(problem);
            session.log().info("lstat " + shown + ": no such file or directory");
            session.log().error("Test results dir listing failed: lstat " + shown + ": no such file or directory");
            throw new Failed("lstat " + shown + ": no such file or directory");
        }
        Merge merge = new Merge();
        for (JobFiles.Entry entry : files.list(path)) {
            String shownFile = Inputs.joined(shown, entry.relativePath());
            if (session.log().verbose()) {
                session.log().info("[verbose] Checking file: " + shownFile);
            }
            if (!Report.extensionOf(shownFile).equals(".json")) {
                continue;
            }
            merge.add(load(files, entry.relativePath().isEmpty() ? path : path + "/" + entry.relativePath()));
            if (session.log().verbose()) {
                session.log().info("[verbose] File loaded: " + shownFile);
            }
        }
        return merge.result();
    }
}
