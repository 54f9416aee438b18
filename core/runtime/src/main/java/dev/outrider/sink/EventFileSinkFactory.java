package dev.outrider.sink;

import dev.outrider.sink.EventFileSink;
import dev.outrider.spi.LogSink;
import dev.outrider.spi.LogSinkFactory;
import dev.outrider.spi.PluginException;
import java.nio.file.Path;
import java.util.Map;

/** The core's {@code event-file} sink: every job's events, in Semaphore's format, to one file. */
public final class EventFileSinkFactory implements LogSinkFactory {

    /** The sink's name in {@code log-sinks:}. */
    public static final String NAME = "event-file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "writes job events as Semaphore's NDJSON event log to the file given by option 'path'";
    }

    @Override
    public LogSink create(Map<String, Object> options) {
        Object path = options.get("path");
        if (!(path instanceof String text) || text.isBlank()) {
            throw new PluginException("log sink '" + NAME + "' needs option 'path': the file to write, e.g. "
                    + "options: {path: /var/log/outrider/events.ndjson}");
        }
        for (String key : options.keySet()) {
            if (!key.equals("path")) {
                throw new PluginException("log sink '" + NAME + "': unknown option '" + key + "'; accepted: path");
            }
        }
        return new EventFileSink(Path.of(text));
    }
}
