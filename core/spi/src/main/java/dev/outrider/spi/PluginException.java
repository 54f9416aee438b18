package dev.outrider.spi;

/**
 * A failure a plugin reports to the core: bad options, a backend that cannot be reached, a session
 * that cannot start. The message is shown to operators as it is: say what failed, where, and what
 * to do.
 */
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, where, and what to do */
    public PluginException(String message) {
        super(message);
    }

    /**
     * @param message what failed, where, and what to do
     * @param cause   the underlying failure
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
