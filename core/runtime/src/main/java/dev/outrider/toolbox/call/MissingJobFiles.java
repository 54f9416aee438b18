package dev.outrider.toolbox.call;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The job's files when its executor does not offer them: every use fails, naming why. */
public final class MissingJobFiles implements JobFiles {

    private static final String WHY = "this job's executor does not give the agent's toolbox access to the job's files";

    @Override
    public Optional<Kind> kind(String path) throws IOException {
        throw new IOException(WHY);
    }

    @Override
    public List<Entry> list(String path) throws IOException {
        throw new IOException(WHY);
    }

    @Override
    public InputStream open(String path) throws IOException {
        throw new IOException(WHY);
    }

    @Override
    public void write(String path, InputStream content, long size) throws IOException {
        throw new IOException(WHY);
    }
}
