package dev.outrider.toolbox.artifact;

/** Why {@code sem-context} stops, with its exit status: 1 not found or exists, 2 the artifact store failed, 3 bad input. */
final class SemContextFailure extends Exception {

    private final int exitCode;

    SemContextFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
