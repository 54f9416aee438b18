package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** One line about a failed Kubernetes API call, with what to do when the controller lacks a permission. */
final class KubernetesErrors {

    private KubernetesErrors() {
    }

    static String describe(KubernetesClientException e, String namespace) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null ? String.valueOf(e.getCause()) : e.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").strip();
        if (e.getCode() == 401 || e.getCode() == 403) {
            return message + " (the controller's service account needs, in namespace '" + namespace + "': batch jobs"
                    + " get, list, watch, create, delete; secrets get, list, watch)";
        }
        return message;
    }
}
