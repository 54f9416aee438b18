package dev.outrider.job;

import dev.outrider.event.JobEvents;
import dev.outrider.log.JobLog;
import dev.outrider.log.OutputChunker;
import dev.outrider.spi.LogEvent.CommandFinished;
import dev.outrider.spi.LogEvent.CommandOutput;
import dev.outrider.spi.LogEvent.CommandStarted;
import dev.outrider.spi.StepOutput;
import dev.outrider.spi.StepRunner;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Logs steps: {@code cmd_started}, the step's output as {@code cmd_output} chunks, then
 * {@code cmd_finished} once the output is out.
 */
final class StepLogger implements StepRunner {

    private final JobLog log;
    private final ScheduledExecutorService timer;
    private final JobEvents events;

    StepLogger(JobLog log, ScheduledExecutorService timer, JobEvents events) {
        this.log = Objects.requireNonNull(log, "log");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public int step(String directive, StepBody body) throws InterruptedException {
        long startedAt = log.now();
        log.append(new CommandStarted(startedAt, directive));
        events.stepStarted(directive);
        long startedNanos = System.nanoTime();
        int exitCode = 1;
        ChunkedOutput output = new ChunkedOutput();
        try {
            exitCode = body.run(output);
        } finally {
            output.close();
            long finishedAt = log.now();
            log.append(new CommandFinished(finishedAt, directive, exitCode, startedAt, finishedAt));
            events.stepFinished(directive, exitCode, Duration.ofNanos(System.nanoTime() - startedNanos));
        }
        return exitCode;
    }

    /** Logs a step that has only messages and took no time (e.g. "Checking job result"). */
    void instantStep(String directive, String message, int exitCode) {
        long now = log.now();
        log.append(new CommandStarted(now, directive));
        events.stepStarted(directive);
        log.append(new CommandOutput(now, message));
        log.append(new CommandFinished(now, directive, exitCode, now, now));
        events.stepFinished(directive, exitCode, Duration.ZERO);
    }

    private final class ChunkedOutput implements StepOutput {
        private final OutputChunker chunker = new OutputChunker(log::appendOutput, timer, System::nanoTime, true);

        @Override
        public void write(byte[] bytes, int offset, int length) {
            chunker.append(bytes, offset, length, true);
        }

        @Override
        public void writeUntranslated(byte[] bytes, int offset, int length) {
            chunker.append(bytes, offset, length, false);
        }

        @Override
        public void message(String text) {
            synchronized (chunker) {
                chunker.drain();
                log.append(new CommandOutput(log.now(), text));
            }
        }

        void close() {
            chunker.close();
        }
    }
}
