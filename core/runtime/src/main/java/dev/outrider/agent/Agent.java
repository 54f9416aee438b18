package dev.outrider.agent;

import java.util.Objects;

/**
 * One agent of one agent type (protocol.md §4), in phases: {@link Registration}, then the
 * {@link SyncLoop} that runs one {@link JobSession} at a time, then {@link Shutdown}. Made by
 * {@link AgentFactory}.
 */
public final class Agent {

    private final AgentContext context;
    private final Registration registration;
    private final SyncLoop syncLoop;

    /**
     * @param context      the agent's shared parts
     * @param registration its first phase
     * @param syncLoop     its working phase (which ends in shutdown)
     */
    public Agent(AgentContext context, Registration registration, SyncLoop syncLoop) {
        this.context = Objects.requireNonNull(context, "context");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.syncLoop = Objects.requireNonNull(syncLoop, "syncLoop");
    }

    /** @return the agent's name (the control plane's, once registered) */
    public String name() {
        return context.state().name();
    }

    /** @return the agent's label in the agent log */
    public String label() {
        return context.label();
    }

    /** @return the agent's state */
    public AgentState state() {
        return context.state().state();
    }

    /**
     * Registers with the registration token, retrying as Semaphore's agent does.
     *
     * @throws AgentException when every attempt failed (naming the endpoint and the last HTTP status)
     */
    public void register() throws InterruptedException {
        registration.register();
    }

    /**
     * Syncs until the control plane says to shut down (or no sync succeeded for too long), then
     * disconnects and runs the shutdown hook.
     *
     * @return why the agent shut down
     */
    public ShutdownReason run() throws InterruptedException {
        return syncLoop.run();
    }

    /** Records the first SIGINT/SIGTERM/SIGHUP and tells the control plane at once. */
    public void interrupted() {
        context.state().interrupted(context.clock().instant().getEpochSecond());
    }

    /** Stops the running job at once (the process is about to exit). */
    public void stopJobNow() {
        context.state().current().ifPresent(ActiveJob::stop);
    }
}
