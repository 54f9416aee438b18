package dev.outrider.testkit.controlplane;

import java.time.Instant;
import java.util.List;

/**
 * A copy of what the fake control plane knows about one registered agent at one moment.
 *
 * @param name           the name the fake gave it in the register answer
 * @param type           the agent type its registration token belongs to
 * @param registration   what it sent at registration
 * @param accessToken    the access token the fake issued to it
 * @param registeredAt   when it registered
 * @param state          the state of its last sync, {@code null} before its first sync
 * @param currentJobId   the job it was last handed and not yet released with {@code wait-for-jobs}, or
 *                       {@code null}
 * @param lastSyncAt     when it last synced, {@code null} before its first sync
 * @param syncs          its syncs, oldest first
 * @param shutdownReason the reason of the {@code shutdown} the fake last answered it, or {@code null}
 * @param disconnectedAt when it called disconnect (first time), {@code null} while connected
 */
public record AgentSnapshot(String name, String type, Registration registration, String accessToken,
                            Instant registeredAt, String state, String currentJobId, Instant lastSyncAt,
                            List<SyncExchange> syncs, String shutdownReason, Instant disconnectedAt) {

    public AgentSnapshot {
        syncs = List.copyOf(syncs);
    }

    /** @return whether the agent called disconnect */
    public boolean disconnected() {
        return disconnectedAt != null;
    }

    /** @return how many syncs it made */
    public int syncCount() {
        return syncs.size();
    }
}
