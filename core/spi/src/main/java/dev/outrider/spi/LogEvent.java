package dev.outrider.spi;

import java.util.Objects;

/**
 * One event of a job's log, exactly as Semaphore's job log has it (one JSON object per line).
 * Every timestamp is Unix time in whole seconds.
 *
 * <p>A well-formed job log is {@code JobStarted (CommandStarted CommandOutput* CommandFinished)* JobFinished}.
 */
public sealed interface LogEvent {

    /** @return Unix time in seconds when the event was emitted */
    long timestamp();

    /** @return the event's name on the wire ({@code job_started}, {@code cmd_output}, ...) */
    String type();

    /** The job began. */
    record JobStarted(long timestamp) implements LogEvent {
        @Override
        public String type() {
            return "job_started";
        }
    }

    /** A step (command, epilogue or synthetic step such as "Injecting Files") began. */
    record CommandStarted(long timestamp, String directive) implements LogEvent {
        public CommandStarted {
            Objects.requireNonNull(directive, "directive");
        }

        @Override
        public String type() {
            return "cmd_started";
        }
    }

    /**
     * A piece of what the running step printed. Line endings are {@code \n} ({@code \r\n} from the
     * terminal is folded); bytes that were not valid UTF-8 are U+FFFD, one per byte.
     */
    record CommandOutput(long timestamp, String output) implements LogEvent {
        public CommandOutput {
            Objects.requireNonNull(output, "output");
        }

        @Override
        public String type() {
            return "cmd_output";
        }
    }

    /** A step ended; {@code directive} is the same string as in its {@link CommandStarted}. */
    record CommandFinished(long timestamp, String directive, int exitCode, long startedAt, long finishedAt)
            implements LogEvent {
        public CommandFinished {
            Objects.requireNonNull(directive, "directive");
        }

        @Override
        public String type() {
            return "cmd_finished";
        }
    }

    /** The job ended with a result. */
    record JobFinished(long timestamp, JobResult result) implements LogEvent {
        public JobFinished {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public String type() {
            return "job_finished";
        }
    }
}
