package dev.outrider.toolbox.artifact;

/** Why an artifact operation failed, in the words the CLI prints after {@code Error pushing artifact: }. */
final class ArtifactFailure extends Exception {

    private final boolean notFound;

    ArtifactFailure(String message) {
        this(message, false);
    }

    /**
     * @param message  the text
     * @param notFound whether the remote path does not exist (the hub's 404)
     */
    ArtifactFailure(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** @return whether the remote path does not exist */
    boolean notFound() {
        return notFound;
    }
}
