package dev.outrider.toolbox.testresults;

import dev.outrider.toolbox.call.CallOutput;

/** test-results' log: every message on standard error after {@code * }, debug messages only when verbose. */
final class Log {
    private final CallOutput output;
    private final boolean verbose;

    Log(CallOutput output, boolean verbose) {
        this.output = output;
        this.verbose = verbose;
    }

    void info(String message) {
        output.err("* " + message);
    }

    void warn(String message) {
        output.err("* " + message);
    }

    void error(String message) {
        output.err("* " + message);
    }

    void debug(String message) {
        if (verbose) {
            output.err("* " + message);
        }
    }

    boolean verbose() {
        return verbose;
    }
}
