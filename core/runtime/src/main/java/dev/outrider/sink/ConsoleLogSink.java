package dev.outrider.sink;

import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.LogEvent.CommandFinished;
import dev.outrider.spi.LogEvent.CommandOutput;
import dev.outrider.spi.LogEvent.CommandStarted;
import dev.outrider.spi.LogEvent.JobFinished;
import dev.outrider.spi.LogEvent.JobStarted;
import dev.outrider.spi.LogSink;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The live log a person reads: each step's name, its output as it comes, its exit code and how
 * long it took, and the job's result at the end.
 */
public final class ConsoleLogSink implements LogSink {

    private final PrintStream out;
    private Instant jobStartedAt;
    private Instant stepStartedAt;
    private boolean atLineStart = true;

    /** @param out where the log is printed */
    public ConsoleLogSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(JobLogEntry entry) {
        switch (entry.event()) {
            case JobStarted ignored -> {
                jobStartedAt = entry.emittedAt();
                println("Job started" + (entry.jobId().isEmpty() ? "" : " (" + entry.jobId() + ")"));
            }
            case CommandStarted started -> {
                stepStartedAt = entry.emittedAt();
                println("▶ " + started.directive().replace("\n", "\n  "));
            }
            case CommandOutput output -> {
                out.print(output.output());
                if (!output.output().isEmpty()) {
                    atLineStart = output.output().endsWith("\n");
                }
            }
            case CommandFinished finished -> println((finished.exitCode() == 0 ? "✔" : "✘") + " exit code "
                    + finished.exitCode() + " after " + format(since(stepStartedAt, entry.emittedAt())));
            case JobFinished finished -> println("Job " + finished.result().wireName() + " in "
                    + format(since(jobStartedAt, entry.emittedAt())));
        }
        out.flush();
    }

    private void println(String line) {
        if (!atLineStart) {
            out.println();
        }
        out.println(line);
        atLineStart = true;
    }

    private static Duration since(Instant start, Instant end) {
        return start == null ? Duration.ZERO : Duration.between(start, end);
    }

    private static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
