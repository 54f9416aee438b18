package com.example.outrider;

import dev.outrider.spi.AgentEvent;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogSink;
import dev.outrider.spi.LogSinkFactory;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginException;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pf4j.Extension;

/**
 * A third-party log sink, written against the SPI alone: every event as one tab-separated line
 * (offset, event type, then the event's text), headed by the Outrider version it got from Guice.
 */
@Extension
public final class TabSeparatedSinkFactory implements LogSinkFactory {

    private final OutriderInfo outrider;

    @Inject
    public TabSeparatedSinkFactory(OutriderInfo outrider) {
        this.outrider = outrider;
    }

    @Override
    public String name() {
        return "tsv-file";
    }

    @Override
    public String description() {
        return "writes every event as a tab-separated line to option 'path'";
    }

    @Override
    public LogSink create(Map<String, Object> options) {
        if (!(options.get("path") instanceof String path)) {
            throw new PluginException("log sink 'tsv-file' needs option 'path'");
        }
        try {
            BufferedWriter out = Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8);
            out.write("# written by tsv-file for outrider " + outrider.version() + "\n");
            return new LogSink() {
                @Override
                public void accept(JobLogEntry entry) {
                    try {
                        out.write(entry.offset() + "\t" + entry.event().type() + "\t" + text(entry.event()) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void onEvent(OutriderEvent event) {
                    String what = switch (event) {
                        case OutriderEvent.JobAccepted e -> "job-accepted";
                        case OutriderEvent.JobStarted e -> "job-started";
                        case OutriderEvent.StepStarted e -> "step-started\t" + e.step();
                        case OutriderEvent.StepFinished e -> "step-finished\t" + e.step() + "\t" + e.exitCode();
                        case OutriderEvent.JobFinished e -> "job-finished\t" + e.result().wireName();
                        default -> null;
                    };
                    if (what != null) {
                        write("event\t" + event.agent() + "\t" + event.agentType() + "\t" + event.jobId() + "\t"
                                + what + "\n");
                    }
                    LogSink.super.onEvent(event); // the agent events, as before
                }

                private void write(String line) {
                    try {
                        out.write(line);
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void onAgentEvent(AgentEvent event) {
                    String what = switch (event) {
                        case AgentEvent.Registered registered -> "registered\t" + registered.label();
                        case AgentEvent.JobAccepted accepted -> "job-accepted\t" + accepted.jobId();
                        case AgentEvent.JobReported reported -> "job-reported\t" + reported.jobId() + "\t"
                                + reported.result().wireName();
                        case AgentEvent.ShuttingDown down -> "shutting-down\t" + down.reason();
                    };
                    try {
                        out.write("agent\t" + event.agent() + "\t" + what + "\n");
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        out.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new PluginException("log sink 'tsv-file' cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static String text(LogEvent event) {
        return switch (event) {
            case LogEvent.JobStarted started -> "";
            case LogEvent.CommandStarted started -> started.directive();
            case LogEvent.CommandOutput output -> output.output().replace("\n", "\\n");
            case LogEvent.CommandFinished finished -> finished.directive() + "\t" + finished.exitCode();
            case LogEvent.JobFinished finished -> finished.result().wireName();
        };
    }
}
