package dev.outrider.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs several agents in one process, each on its own: one that fails to register or shuts down
 * does not stop the others. The process is done when every agent is.
 */
public final class AgentSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSupervisor.class);

    private final List<Agent> agents;

    /** @param agents the agents to run */
    public AgentSupervisor(List<Agent> agents) {
        this.agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
        if (this.agents.isEmpty()) {
            throw new IllegalArgumentException("no agent to run");
        }
    }

    /**
     * Registers every agent and runs each until it shuts down.
     *
     * @return the process's exit status: 0 when every agent shut down as told; 1 when an agent
     *         could not register or shut down because it could not sync
     */
    public int run() throws InterruptedException {
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (Agent agent : agents) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            // a platform thread: an idle agent then needs none of the virtual-thread scheduler's threads
            Thread.ofPlatform().name("agent-" + agent.label()).daemon(true)
                    .start(() -> done.complete(runOne(agent)));
            runs.add(done);
        }
        int exit = 0;
        for (CompletableFuture<Integer> run : runs) {
            try {
                exit = Math.max(exit, run.get());
            } catch (ExecutionException e) {
                exit = Math.max(exit, 1);
            }
        }
        return exit;
    }

    private static int runOne(Agent agent) {
        try {
            agent.register();
        } catch (AgentException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        try {
            return agent.run().exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            LOG.error("{}: stopped by an unexpected error: {}", agent.label(), e.toString(), e);
            return 1;
        } finally {
            // a job still running when its agent shuts down must not outlive the process
            agent.stopJobNow();
        }
    }

    /** The first SIGINT/SIGTERM: every agent reports it and waits for the control plane's answer. */
    public void interrupted() {
        agents.forEach(Agent::interrupted);
    }

    /** A second signal: stops every running job at once. */
    public void stopJobsNow() {
        agents.forEach(Agent::stopJobNow);
    }

    /** @return the agents */
    public List<Agent> agents() {
        return agents;
    }
}
