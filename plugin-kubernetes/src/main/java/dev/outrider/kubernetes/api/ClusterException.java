package dev.outrider.kubernetes.api;

import dev.outrider.spi.PluginException;

/**
 * A call to the Kubernetes API that failed, with a message that names the verb, the resource and the
 * namespace, and for a refusal (403) the permission to grant.
 */
public final class ClusterException extends PluginException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code    the HTTP status, or 0 when the server was not reached
     * @param message the whole message
     */
    public ClusterException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** @return the HTTP status, or 0 when the server was not reached */
    public int code() {
        return code;
    }

    /**
     * @param code     the HTTP status (0: not reached)
     * @param detail   what the server (or the connection) said
     * @param verb     {@code create}, {@code get}, ...
     * @param resource {@code pods}, {@code secrets}, ...
     * @param namespace the namespace
     * @return the message: e.g. {@code forbidden: cannot create pods in namespace ci: ... (grant ...)}
     */
    static String describe(int code, String detail, String verb, String resource, String namespace) {
        String what = "cannot " + verb + " " + resource + " in namespace " + namespace + ": " + detail;
        // an exec over WebSocket is a GET, authorized as 'get' by older API servers and as 'create' by newer ones
        String grant = resource.equals("pods/exec") ? "'create' and 'get'" : "'" + verb + "'";
        return switch (code) {
            case 0 -> what + " (is the API server reachable from the agent?)";
            case 401 -> "unauthorized: " + what + " (the agent's credentials were refused; check its kubeconfig"
                    + " or service account token)";
            case 403 -> "forbidden: " + what + " (grant the agent's service account " + grant + " on '" + resource
                    + "' in namespace " + namespace + " with a Role and RoleBinding; see the README, Jobs in pods)";
            case 422 -> "invalid: " + what;
            default -> "HTTP " + code + ": " + what;
        };
    }
}
