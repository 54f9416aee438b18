package dev.outrider.agent;

import java.util.Map;
import java.util.Objects;

/**
 * What the agents of this process find around them.
 *
 * @param facts       what an agent says about its machine
 * @param environment the process's environment (for {@code name-from-env} and the job-log artifact)
 * @param timing      retry counts and intervals
 */
public record AgentSurroundings(HostFacts facts, Map<String, String> environment, ProtocolTiming timing) {

    public AgentSurroundings {
        Objects.requireNonNull(facts, "facts");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timing, "timing");
    }

    /** @return this machine, this process's environment, and the timing system properties may shorten */
    public static AgentSurroundings ofThisProcess() {
        return new AgentSurroundings(HostFacts.ofThisMachine(), System.getenv(), ProtocolTiming.fromSystemProperties());
    }
}
