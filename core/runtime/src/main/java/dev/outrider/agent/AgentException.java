package dev.outrider.agent;

/** An agent that cannot start or go on (registration failed, bad name). The message says why and what to check. */
public final class AgentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to check */
    public AgentException(String message) {
        super(message);
    }
}
