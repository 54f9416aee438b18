package dev.outrider.kubernetes.controller;

/** The queue of an agent type could not be read; the message names the URL and the type, never the token. */
final class QueueException extends Exception {

    private static final long serialVersionUID = 1L;

    QueueException(String message) {
        super(message);
    }
}
