package dev.outrider.cli;

import dev.outrider.spi.JobResult;

/** Exit statuses of the {@code outrider} command. */
final class ExitCodes {

    /** The job passed, or the command succeeded. */
    static final int PASSED = 0;
    /** The job failed. */
    static final int FAILED = 1;
    /** Invalid input: a bad job file, configuration, option or unknown plugin. */
    static final int INVALID_INPUT = 2;
    /** Outrider itself failed. */
    static final int INTERNAL = 3;
    /** The job was stopped. */
    static final int STOPPED = 130;

    private ExitCodes() {
    }

    static int of(JobResult result) {
        return switch (result) {
            case PASSED -> PASSED;
            case FAILED -> FAILED;
            case STOPPED -> STOPPED;
        };
    }
}
