package dev.outrider.job;

import dev.outrider.spi.ExecutorContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment a job's processes start with: the agent's own, minus the agent's secrets (Semaphore's
 * agent passes its registration token on to every job; Outrider does not), plus the job's process tag.
 */
public final class JobEnvironment {

    /** Variables of the agent's environment that jobs never see. */
    static final Set<String> SECRET_VARIABLES = Set.of("SEMAPHORE_AGENT_TOKEN");

    private final Map<String, String> agentEnvironment;

    /** @param agentEnvironment the agent's environment ({@code System.getenv()}) */
    public JobEnvironment(Map<String, String> agentEnvironment) {
        this.agentEnvironment = Map.copyOf(agentEnvironment);
    }

    /**
     * @param processTag the job's process tag
     * @return the environment for the job's processes
     */
    public Map<String, String> forJob(String processTag) {
        Map<String, String> environment = new HashMap<>(agentEnvironment);
        environment.keySet().removeAll(SECRET_VARIABLES);
        environment.put(ExecutorContext.PROCESS_TAG_VARIABLE, processTag);
        return environment;
    }

    /**
     * @param name the name of a variable of the agent's environment
     * @return its value, if it is set
     */
    public Optional<String> agentVariable(String name) {
        return Optional.ofNullable(agentEnvironment.get(name));
    }

    /** @return where job files go: {@code $TMPDIR}, else {@code /tmp} */
    public Path temporaryDirectory() {
        String tmp = agentEnvironment.get("TMPDIR");
        return Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp);
    }
}
