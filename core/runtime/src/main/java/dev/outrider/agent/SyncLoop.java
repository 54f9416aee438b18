package dev.outrider.agent;

import dev.outrider.protocol.ApiException;
import dev.outrider.protocol.SyncResponse;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's working phase: syncing with the control plane and doing what each answer says (run a
 * job, stop it, wait, shut down) until it says to shut down or no sync succeeded for too long.
 */
public final class SyncLoop {

    private static final Logger LOG = AgentLog.LOG;

    private final AgentContext context;
    private final JobTools tools;
    private final Shutdown shutdown;

    /**
     * @param context  the agent's shared parts
     * @param tools    what jobs run with
     * @param shutdown the phase the loop ends in
     */
    public SyncLoop(AgentContext context, JobTools tools, Shutdown shutdown) {
        this.context = Objects.requireNonNull(context, "context");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
    }

    /**
     * Syncs until the control plane says to shut down (or no sync succeeded for too long), then shuts
     * the agent down.
     *
     * @return why the agent shut down
     */
    public ShutdownReason run() throws InterruptedException {
        SyncState state = context.state();
        long lastSuccess = System.nanoTime();
        Instant failingSince = null;
        while (true) {
            long delayMs;
            try {
                SyncResponse response = AgentContext.await(context.api().sync(state.token(), state.request()));
                lastSuccess = System.nanoTime();
                if (failingSince != null) {
                    context.events().accept(new OutriderEvent.SyncRecovered(state.name(), context.config().label(),
                            failingSince, context.clock().instant()));
                    failingSince = null;
                }
                Optional<ShutdownReason> reason = handle(response);
                if (reason.isPresent()) {
                    return shutdown.shutDown(reason.get());
                }
                delayMs = response.nextSyncAfter() > 0 ? response.nextSyncAfter() : defaultInterval();
            } catch (ApiException e) {
                Duration silent = Duration.ofNanos(System.nanoTime() - lastSuccess);
                boolean givingUp = silent.compareTo(context.timing().unableToSync()) > 0;
                Instant now = context.clock().instant();
                failingSince = failingSince == null ? now : failingSince;
                context.events().accept(new OutriderEvent.SyncFailed(state.name(), context.config().label(),
                        failingSince, silent, givingUp, e.getMessage(), now));
                if (givingUp) {
                    return shutdown.shutDown(ShutdownReason.UNABLE_TO_SYNC);
                }
                delayMs = defaultInterval();
            }
            state.awaitNextSync(delayMs);
        }
    }

    private Optional<ShutdownReason> handle(SyncResponse response) {
        switch (response.action()) {
            case "continue", "" -> {
            }
            case "run-job" -> startJob(response.jobId());
            case "stop-job" -> stopJob(response.jobId());
            case "wait-for-jobs" -> {
                if (context.state().waitForJobs()) {
                    context.status(AgentStatus.IDLE, "");
                }
            }
            case "shutdown" -> {
                return Optional.of(ShutdownReason.fromWire(response.shutdownReason()));
            }
            default -> LOG.warn("{}: ignoring unknown sync action '{}'", context.label(), response.action());
        }
        return Optional.empty();
    }

    private void startJob(String id) {
        JobSession session = new JobSession(context, tools, id);
        Optional<String> active = context.state().begin(session);
        if (active.isPresent()) {
            LOG.warn("{}: told to run job '{}' while job '{}' is active; an agent runs one job at a time, ignoring it",
                    context.label(), id, active.get());
            return;
        }
        context.events().accept(new OutriderEvent.JobAccepted(context.state().name(), context.config().label(), id,
                context.clock().instant()));
        context.status(AgentStatus.RUNNING, "");
        Thread.ofVirtual().name("job-" + id).start(session::run);
    }

    private void stopJob(String id) {
        Optional<ActiveJob> current = context.state().stopping();
        if (current.isPresent()) {
            LOG.info("{}: stopping job '{}'", context.label(), id);
            current.get().stop();
        }
    }

    private long defaultInterval() {
        ProtocolTiming timing = context.timing();
        return ThreadLocalRandom.current().nextLong(timing.syncIntervalMin().toMillis(),
                Math.max(timing.syncIntervalMin().toMillis() + 1, timing.syncIntervalMax().toMillis()));
    }
}
