package dev.outrider.status;

import dev.outrider.spi.OutriderEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether the agents of this process are registered and syncing, as the bus's events tell: an agent
 * is unhealthy from its first failed sync in a row until a sync succeeds again; the process is ready
 * once every configured agent registered. Safe from any thread.
 */
public final class HealthState {

    /**
     * An answer to a probe.
     *
     * @param ok   whether the probe passes
     * @param body the JSON body
     */
    public record Probe(boolean ok, JsonObject body) {
    }

    private final Set<String> waiting;
    private final Map<String, JsonObject> failing = new LinkedHashMap<>();

    /** @param labels the labels of every agent this process runs ({@code linux}, {@code docker#2}, ...) */
    public HealthState(List<String> labels) {
        this.waiting = new LinkedHashSet<>(Objects.requireNonNull(labels, "labels"));
    }

    /** @param event the next event of the core */
    public synchronized void on(OutriderEvent event) {
        switch (event) {
            case OutriderEvent.AgentRegistered registered -> waiting.remove(registered.label());
            case OutriderEvent.SyncFailed failed -> failing.put(failed.agent(), new JsonObject()
                    .put("agent", failed.agent()).put("agent_type", failed.agentType())
                    .put("failing_since", failed.failingSince().toString()).put("problem", failed.problem()));
            case OutriderEvent.SyncRecovered recovered -> failing.remove(recovered.agent());
            case OutriderEvent.Disconnected gone -> failing.remove(gone.agent());
            default -> {
            }
        }
    }

    /** @return 200-worthy while no agent fails to sync; otherwise names each that does and since when */
    public synchronized Probe health() {
        if (failing.isEmpty()) {
            return new Probe(true, new JsonObject().put("status", "ok"));
        }
        return new Probe(false, new JsonObject().put("status", "unable to sync")
                .put("agents", new JsonArray(List.copyOf(failing.values()))));
    }

    /**
     * @param now the time, for the body
     * @return 200-worthy once every agent registered; otherwise names those that did not
     */
    public synchronized Probe readiness(Instant now) {
        if (waiting.isEmpty()) {
            return new Probe(true, new JsonObject().put("status", "ready"));
        }
        return new Probe(false, new JsonObject().put("status", "not registered")
                .put("agents", new JsonArray(List.copyOf(waiting))).put("at", now.toString()));
    }
}
