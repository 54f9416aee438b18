package dev.outrider.kubernetes.controller;

/** A controller setting (an environment variable) that cannot be used; the message names it and says what to give. */
final class ControllerSettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ControllerSettingsException(String message) {
        super(message);
    }
}
