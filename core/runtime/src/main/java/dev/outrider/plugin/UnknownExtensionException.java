package dev.outrider.plugin;

/**
 * An extension name that no installed plugin provides, or that two provide. The message lists what
 * is installed.
 */
public final class UnknownExtensionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and what is installed */
    public UnknownExtensionException(String message) {
        super(message);
    }
}
