package dev.outrider.agent;

import dev.outrider.protocol.ApiException;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An agent's last phase: telling the bus, disconnecting (with retries) and running the shutdown hook. */
public final class Shutdown {

    private static final Logger LOG = AgentLog.LOG;

    private final AgentContext context;

    /** @param context the agent's shared parts */
    public Shutdown(AgentContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Shuts the agent down; a failed disconnect or hook is logged, never thrown.
     *
     * @param reason why
     * @return {@code reason}
     */
    public ShutdownReason shutDown(ShutdownReason reason) throws InterruptedException {
        context.status(AgentStatus.SHUTTING_DOWN, reason.name());
        disconnect();
        runShutdownHook(reason);
        return reason;
    }

    private void disconnect() throws InterruptedException {
        String label = context.label();
        ProtocolTiming timing = context.timing();
        for (int attempt = 1; attempt <= timing.disconnectAttempts(); attempt++) {
            try {
                AgentContext.await(context.api().disconnect(context.state().token()));
                disconnected(true);
                return;
            } catch (ApiException e) {
                LOG.warn("{}: disconnect attempt {} of {} failed: {}", label, attempt, timing.disconnectAttempts(),
                        e.getMessage());
            }
            if (attempt < timing.disconnectAttempts()) {
                TimeUnit.MILLISECONDS.sleep(timing.disconnectPause().toMillis());
            }
        }
        disconnected(false);
    }

    private void disconnected(boolean acknowledged) {
        context.events().accept(new OutriderEvent.Disconnected(context.state().name(), context.config().label(),
                acknowledged, context.clock().instant()));
    }

    private void runShutdownHook(ShutdownReason reason) throws InterruptedException {
        String hook = context.config().shutdownHookPath();
        if (hook.isEmpty()) {
            return;
        }
        String label = context.label();
        ProcessBuilder builder = new ProcessBuilder("bash", hook).redirectErrorStream(true);
        builder.environment().put("SEMAPHORE_AGENT_SHUTDOWN_REASON", reason.name());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (!output.isBlank()) {
                LOG.info("{}: shutdown hook {} printed:\n{}", label, hook, output.stripTrailing());
            }
            if (exit != 0) {
                LOG.error("{}: shutdown hook {} exited with {}", label, hook, exit);
            }
        } catch (IOException e) {
            LOG.error("{}: cannot run the shutdown hook {}: {}", label, hook, e.getMessage());
        }
    }
}
