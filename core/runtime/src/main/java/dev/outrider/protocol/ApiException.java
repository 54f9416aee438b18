package dev.outrider.protocol;

import java.util.OptionalInt;

/**
 * A call to the control plane (or a log endpoint) that failed: the message names the call, the URL
 * and the HTTP status or network error, never a token.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param message what failed, where
     * @param status  the HTTP status, or -1 when no response came
     * @param cause   the network error, if any
     */
    public ApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** @return the HTTP status of the answer, if one came */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
