package dev.outrider.kubernetes.controller;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An agent type, as its Secret (labelled {@code semaphoreci.com/resource-type=agent-type-configuration})
 * declares it.
 *
 * @param secretName         the Secret's name; the agents read the token from it
 * @param name               {@code agentTypeName}: the type's name in Semaphore
 * @param registrationToken  {@code registrationToken}: never printed ({@link #toString} leaves it out)
 * @param startupParameters  {@code agentStartupParameters} split on white space; empty: the controller's defaults
 * @param maxParallelJobs    {@code maxParallelJobs} (Outrider's): at most this many of the type's Jobs at once
 */
record AgentType(String secretName, String name, String registrationToken, List<String> startupParameters,
                 OptionalInt maxParallelJobs) {

    static final String TYPE_LABEL = "semaphoreci.com/agent-type";

    AgentType {
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registrationToken, "registrationToken");
        startupParameters = List.copyOf(startupParameters);
        Objects.requireNonNull(maxParallelJobs, "maxParallelJobs");
    }

    @Override
    public String toString() {
        return "agent type '" + name + "' (Secret '" + secretName + "')";
    }
}
