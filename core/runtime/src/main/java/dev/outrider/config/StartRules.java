package dev.outrider.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code outrider start} needs beyond each key being well-formed: an endpoint and a token for
 * every agent type, {@code job-id} only with {@code disconnect-after-job}, no Kubernetes executor,
 * and agent names that are valid and cannot collide.
 */
final class StartRules {

    /**
     * An agent type and how errors name it.
     *
     * @param agent    the resolved agent type
     * @param origin   the configuration file, or {@code configuration} when there is none
     * @param prefix   the path of its keys: {@code ""} at the top level, {@code agents[1].} in a list
     * @param labelled whether the entry has its own {@code label} (then errors also show it)
     */
    record AgentType(AgentConfig agent, String origin, String prefix, boolean labelled) {
        AgentType {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(prefix, "prefix");
        }

        String where(String key) {
            return origin + ": '" + prefix + key + "'" + (labelled ? " (agent type '" + label() + "')" : "");
        }

        String label() {
            return agent.label();
        }
    }

    private StartRules() {
    }

    static void check(List<AgentType> types, Map<String, String> environment) {
        Map<String, AgentType> names = new HashMap<>();
        for (AgentType type : types) {
            AgentConfig agent = type.agent();
            required(type, "endpoint", agent.endpoint(), "the control plane's host[:port], e.g. my-org.semaphoreci.com");
            required(type, "token", agent.token(), "the agent type's registration token");
            if (!agent.jobId().isEmpty() && !agent.disconnectAfterJob()) {
                throw new ConfigException(type.where("job-id") + ": '" + agent.jobId()
                        + "' is only accepted together with disconnect-after-job: true (an agent that takes one"
                        + " given job leaves after it); set disconnect-after-job: true or remove job-id");
            }
            uniqueName(type, names);
            validName(type, environment);
        }
    }

    /** Checked here, not at registration, so that a bad name is a configuration error (exit 2), not a failure to register. */
    private static void validName(AgentType type, Map<String, String> environment) {
        AgentConfig agent = type.agent();
        if (!agent.name().isEmpty()) {
            AgentName.problem(agent.name()).ifPresent(problem -> {
                throw new ConfigException(type.where("name") + ": '" + agent.name() + "' " + problem);
            });
        } else if (!agent.nameFromEnv().isEmpty()) {
            String value = environment.getOrDefault(agent.nameFromEnv(), "");
            AgentName.problem(value).ifPresent(problem -> {
                throw new ConfigException(type.where("name-from-env") + ": the variable '" + agent.nameFromEnv()
                        + "' it names " + (value.isEmpty() ? "is not set or empty" : "holds '" + value + "', which " + problem)
                        + "; set it to the agent's name (8 to 80 bytes), or leave 'name-from-env' empty for a random name");
            });
        }
    }

    private static void required(AgentType type, String key, String value, String what) {
        if (value.isBlank()) {
            String inFile = type.prefix().isEmpty() ? "'" + key + ":' in the configuration file"
                    : "'" + key + ":' in this entry or at the top level of the configuration file";
            throw new ConfigException(type.where(key) + ": missing; outrider start needs " + what + ": give "
                    + inFile + ", SEMAPHORE_AGENT_" + key.toUpperCase(Locale.ROOT) + " or --" + key);
        }
    }

    private static void uniqueName(AgentType type, Map<String, AgentType> names) {
        AgentConfig agent = type.agent();
        String key;
        String value;
        if (!agent.name().isEmpty()) {
            key = "name";
            value = agent.name();
        } else if (!agent.nameFromEnv().isEmpty()) {
            key = "name-from-env";
            value = agent.nameFromEnv();
        } else {
            return; // random names never collide
        }
        String fix = "agent names must be unique: leave 'name' and 'name-from-env' empty to get random names";
        if (agent.count() > 1) {
            throw new ConfigException(type.where(key) + ": '" + value + "' would name all " + agent.count()
                    + " agents of count: " + agent.count() + "; " + fix + ", or give each agent its own entry in 'agents'");
        }
        AgentType other = names.putIfAbsent(key + "=" + value, type);
        if (other != null) {
            throw new ConfigException(type.where(key) + ": '" + value + "' also names the agent of agent type '"
                    + other.label() + "'; " + fix + ", or set a different one in each entry of 'agents'");
        }
    }
}
