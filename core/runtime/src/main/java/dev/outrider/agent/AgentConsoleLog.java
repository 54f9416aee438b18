package dev.outrider.agent;

import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The agent log's lines about what agents do (registered, jobs started and finished, sync failures,
 * shutting down, disconnected), written from the events on the bus: the agents only publish. Lines
 * name an agent by its label; events name it by the control plane's name once it registered, so the
 * registration teaches the listener which label a name has. Called on one thread, in event order.
 */
public final class AgentConsoleLog implements Consumer<OutriderEvent> {

    private final Logger log;
    private final Map<String, String> labels = new HashMap<>();

    /** Writes to the agent log ({@code dev.outrider.agent.Agent}). */
    public AgentConsoleLog() {
        this(AgentLog.LOG);
    }

    AgentConsoleLog(Logger log) {
        this.log = log;
    }

    // instanceof rather than a pattern switch: an idle agent then needs no SwitchBootstraps call site
    @Override
    public void accept(OutriderEvent event) {
        if (event instanceof OutriderEvent.AgentRegistered e) {
            labels.put(key(e), e.label());
            log.info("{}: registered as '{}' with {}", e.label(), e.agent(), e.controlPlane());
        } else if (event instanceof OutriderEvent.JobAccepted e) {
            log.info("{}: starting job '{}'", label(e), e.jobId());
        } else if (event instanceof OutriderEvent.JobFinished e) {
            log.info("{}: job '{}' finished: {}", label(e), e.jobId(), e.result().wireName());
        } else if (event instanceof OutriderEvent.SyncFailed e) {
            log.warn("{}: sync failed ({} since the last successful one): {}", label(e), seconds(e.sinceLastSuccess()),
                    e.problem());
            if (e.givingUp()) {
                log.error("{}: no successful sync for {}: taking no more jobs and shutting down", label(e),
                        seconds(e.sinceLastSuccess()));
            }
        } else if (event instanceof OutriderEvent.SyncRecovered e) {
            log.info("{}: syncing again after {} of failures", label(e),
                    seconds(Duration.between(e.failingSince(), e.at())));
        } else if (event instanceof OutriderEvent.StateChanged e && e.status() == AgentStatus.SHUTTING_DOWN) {
            log.info("{}: shutting down ({})", label(e), e.reason());
        } else if (event instanceof OutriderEvent.Disconnected e) {
            if (e.acknowledged()) {
                log.info("{}: disconnected", label(e));
            } else {
                log.error("{}: could not disconnect; shutting down anyway", label(e));
            }
            labels.remove(key(e));
        }
    }

    /** Before it registered, an agent's name is its label. */
    private String label(OutriderEvent event) {
        return labels.getOrDefault(key(event), event.agent());
    }

    private static String key(OutriderEvent event) {
        return event.agentType() + '\u0000' + event.agent();
    }

    private static String seconds(Duration duration) {
        return Math.max(0, duration.toSeconds()) + " s";
    }
}
