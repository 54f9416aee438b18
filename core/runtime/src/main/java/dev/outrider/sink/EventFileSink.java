package dev.outrider.sink;

import dev.outrider.log.EventJson;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes job logs to a file in Semaphore's event format (one JSON object per line), the file
 * {@code outrider run --log-file} produces. Each event is flushed as it comes, so the file can be
 * followed live.
 */
public final class EventFileSink implements LogSink {

    private final Path file;
    private final BufferedWriter writer;

    /** @param file the file to create or truncate */
    public EventFileSink(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EventJson.failure("cannot write the event log " + file, e);
        }
    }

    @Override
    public void accept(JobLogEntry entry) {
        LogEvent event = entry.event();
        try {
            writer.write(EventJson.encode(event));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw EventJson.failure("cannot write the event log " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw EventJson.failure("cannot close the event log " + file, e);
        }
    }
}
