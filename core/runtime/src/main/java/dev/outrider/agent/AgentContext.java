package dev.outrider.agent;

import dev.outrider.config.AgentConfig;
import dev.outrider.protocol.ApiException;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * What the phases of one agent share.
 *
 * @param config the agent type's configuration
 * @param label  how the agent log names this agent (type and number)
 * @param api    the control plane
 * @param timing retry counts and intervals
 * @param clock  for event times and {@code interrupted_at}
 * @param events where the agent's and its jobs' events go (the event bus)
 * @param state  what the agent reports at each sync
 */
public record AgentContext(AgentConfig config, String label, SemaphoreApi api, ProtocolTiming timing, Clock clock,
                           Consumer<OutriderEvent> events, SyncState state) {

    public AgentContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
    }

    /** Publishes the agent's new status. */
    void status(AgentStatus status, String reason) {
        events.accept(new OutriderEvent.StateChanged(state.name(), config.label(), status, reason, clock.instant()));
    }

    /** Waits for a control-plane call; any failure is an {@link ApiException}. */
    static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(String.valueOf(e.getCause()), -1, e.getCause());
        }
    }
}
