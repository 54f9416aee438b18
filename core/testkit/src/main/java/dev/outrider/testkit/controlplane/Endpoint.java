package dev.outrider.testkit.controlplane;

import java.util.Optional;

/** The HTTP endpoints of the Semaphore control plane that the fake serves (protocol.md §3, logs.md §6). */
public enum Endpoint {
    /** {@code POST /api/v1/self_hosted_agents/register}. */
    REGISTER("POST", "/api/v1/self_hosted_agents/register"),
    /** {@code POST /api/v1/self_hosted_agents/sync}. */
    SYNC("POST", "/api/v1/self_hosted_agents/sync"),
    /**
     * {@code GET /api/v1/self_hosted_agents/jobs}: the queued jobs of the registration token's agent type, which
     * Semaphore's agent-k8s-controller polls ({@code kubernetes.md} §2.1).
     */
    LIST_JOBS("GET", "/api/v1/self_hosted_agents/jobs"),
    /** {@code GET /api/v1/self_hosted_agents/jobs/{id}}. */
    GET_JOB("GET", "/api/v1/self_hosted_agents/jobs/"),
    /** {@code POST /api/v1/self_hosted_agents/refresh}. */
    REFRESH("POST", "/api/v1/self_hosted_agents/refresh"),
    /** {@code POST /api/v1/self_hosted_agents/disconnect}. */
    DISCONNECT("POST", "/api/v1/self_hosted_agents/disconnect"),
    /** {@code POST /api/v1/logs/{job id}?start_from=N}. */
    LOGS("POST", "/api/v1/logs/");

    private final String method;
    private final String path;

    Endpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** @return the HTTP method this endpoint answers */
    public String method() {
        return method;
    }

    /** @return the path, or for endpoints with an id the path prefix before the id (ending in {@code /}) */
    public String path() {
        return path;
    }

    /**
     * @param path a request path without query
     * @return the endpoint that path addresses, whatever the method; empty for paths the control plane does
     *         not know
     */
    public static Optional<Endpoint> ofPath(String path) {
        for (Endpoint endpoint : values()) {
            boolean withId = endpoint.path.endsWith("/");
            if (withId ? path.startsWith(endpoint.path) && path.length() > endpoint.path.length()
                    && path.indexOf('/', endpoint.path.length()) < 0 : path.equals(endpoint.path)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }
}
