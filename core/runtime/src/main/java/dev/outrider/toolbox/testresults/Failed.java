package dev.outrider.toolbox.testresults;

/** A subcommand failed: test-results prints {@code Error: <message>} and the usage, and exits 1. */
final class Failed extends Exception {
    Failed(String message) {
        super(message);
    }
}
