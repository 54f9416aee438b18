package dev.outrider.spi;

import java.time.Instant;
import java.util.Objects;

/** The checks every {@link OutriderEvent} record makes of what all of them carry. */
final class EventFields {

    private EventFields() {
    }

    static void named(String agent, String agentType, Instant at) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(agentType, "agentType");
        Objects.requireNonNull(at, "at");
    }

    static void job(String agent, String agentType, String jobId, Instant at) {
        named(agent, agentType, at);
        Objects.requireNonNull(jobId, "jobId");
    }
}
