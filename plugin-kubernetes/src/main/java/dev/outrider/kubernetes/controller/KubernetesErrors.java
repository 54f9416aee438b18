package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** One line about a failed Kubernetes API call, with what to do when the controller lacks a permission. */
final class KubernetesErrors {

    private KubernetesErrors() {
    }

    static String describe(KubernetesClientException e, String namespace) {
        String message;
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            message = e.getStatus().getMessage();
        } else {
            message = (e.getMessage() == null ? "" : e.getMessage()) + causes(e);
        }
        message = message.replaceAll("\\s+", " ").strip();
        if (e.getCode() == 401 || e.getCode() == 403) {
            return message + " (the controller's service account needs, in namespace '" + namespace + "': batch jobs"
                    + " get, list, watch, create, delete; secrets get, list, watch)";
        }
        return message;
    }

    /** The causes' types and messages, as {@code (ConnectException: …; ClosedChannelException)}. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            String part = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            if (text.indexOf(part) < 0) {
                text.append(text.isEmpty() ? " (" : "; ").append(part);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.isEmpty() ? "" : text.append(')').toString();
    }
}
