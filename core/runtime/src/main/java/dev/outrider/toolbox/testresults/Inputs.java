package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report files named on the command line: {@code path} or {@code path:parser} (split at the
 * first colon); a directory stands for the report files below it (by extension), read with the
 * global parser.
 */
final class Inputs {

    /**
     * A report to read.
     *
     * @param shown  its path as given (or found below a given directory)
     * @param parser the parser named for it, or {@code ""} for the global choice
     */
    record Input(String shown, String parser) {
    }

    private Inputs() {
    }

    /**
     * @throws Failed {@code failed to stat <p>: ...} for a missing input, unless missing ones are ignored
     */
    static List<Input> expand(Session session, List<String> args, boolean ignoreMissing) throws Failed, IOException {
        JobFiles files = session.files();
        List<Input> inputs = new ArrayList<>();
        for (String arg : args) {
            int colon = arg.indexOf(':');
            Input input = colon < 0 ? new Input(arg, "") : new Input(arg.substring(0, colon), arg.substring(colon + 1));
            String path = session.call().resolve(input.shown());
            Optional<JobFiles.Kind> kind = files.kind(path);
            if (kind.isEmpty()) {
                if (ignoreMissing) {
                    session.log().warn("File not found, skipping: " + input.shown());
                    continue;
                }
                throw new Failed("failed to stat " + input.shown() + ": stat " + input.shown()
                        + ": no such file or directory");
            }
            if (kind.get() == JobFiles.Kind.DIRECTORY) {
                for (JobFiles.Entry entry : files.list(path)) {
                    if (Parsers.readsExtension(Report.extensionOf(entry.relativePath()))) {
                        inputs.add(new Input(joined(input.shown(), entry.relativePath()), ""));
                    }
                }
            } else {
                inputs.add(input);
            }
        }
        return inputs;
    }

    /** @return a path below a directory as Go's {@code filepath.Join} shows it */
    static String joined(String directory, String relative) {
        if (relative.isEmpty()) {
            return directory;
        }
        String base = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        return base.equals(".") ? relative : base + "/" + relative;
    }
}
