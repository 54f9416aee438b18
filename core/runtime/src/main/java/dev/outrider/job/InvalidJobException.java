package dev.outrider.job;

/**
 * A job request that cannot run as given. The message names the source, the field and the problem,
 * e.g. {@code job.yml: env_vars[2].value: not valid base64 (...)}.
 */
public final class InvalidJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message source, field and problem */
    public InvalidJobException(String message) {
        super(message);
    }

    /**
     * @param message source, field and problem
     * @param cause   the parser's own failure
     */
    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
