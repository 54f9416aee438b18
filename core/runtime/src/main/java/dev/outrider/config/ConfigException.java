package dev.outrider.config;

/**
 * A configuration that cannot be used. The message names the file, the key, the bad value and the
 * accepted form, e.g. {@code outrider.yml: 'env-vars[1]': 'FOO' is not NAME=VALUE}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message file, key, bad value and accepted form */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param message file, key, bad value and accepted form
     * @param cause   the parser's failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
