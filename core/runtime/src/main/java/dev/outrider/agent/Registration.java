package dev.outrider.agent;

import dev.outrider.protocol.ApiException;
import dev.outrider.protocol.RegisterRequest;
import dev.outrider.protocol.RegisterResponse;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderEvent.AgentStatus;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An agent's first phase: registering with the registration token, retrying as Semaphore's agent does. */
public final class Registration {

    private static final Logger LOG = AgentLog.LOG;

    private final AgentContext context;
    private final HostFacts facts;
    private final Map<String, String> environment;
    private final String version;

    /**
     * @param context     the agent's shared parts
     * @param facts       what the agent says about its machine
     * @param environment the agent's environment (for {@code name-from-env})
     * @param version     the version the agent announces
     */
    public Registration(AgentContext context, HostFacts facts, Map<String, String> environment, String version) {
        this.context = Objects.requireNonNull(context, "context");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.environment = Map.copyOf(environment);
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * Registers; on success the agent's name and access token are in its {@link SyncState}.
     *
     * @throws AgentException when every attempt failed (naming the endpoint and the last HTTP status)
     */
    public void register() throws InterruptedException {
        var config = context.config();
        String label = context.label();
        ProtocolTiming timing = context.timing();
        String requested;
        try {
            requested = AgentNames.resolve(config.name(), config.nameFromEnv(), environment);
        } catch (IllegalArgumentException e) {
            throw new AgentException(label + ": " + e.getMessage());
        }
        RegisterRequest body = new RegisterRequest(requested, version, facts.pid(), facts.os(), facts.arch(),
                facts.hostname(), config.disconnectAfterJob(), config.disconnectAfterIdleTimeout(),
                config.interruptionGracePeriod(), config.jobId());
        ApiException last = null;
        for (int attempt = 1; attempt <= timing.registerAttempts(); attempt++) {
            try {
                RegisterResponse response = AgentContext.await(context.api().register(config.token(), body));
                context.state().registered(response.name(), response.token());
                context.events().accept(new OutriderEvent.AgentRegistered(response.name(), config.label(), label,
                        context.api().baseUrl(), context.clock().instant()));
                context.status(AgentStatus.IDLE, "");
                return;
            } catch (ApiException e) {
                last = e;
                LOG.warn("{}: registration attempt {} of {} failed: {}", label, attempt, timing.registerAttempts(),
                        e.getMessage());
            }
            if (attempt < timing.registerAttempts()) {
                TimeUnit.MILLISECONDS.sleep(timing.registerPause().toMillis());
            }
        }
        throw new AgentException(label + ": could not register after " + timing.registerAttempts() + " attempts; "
                + "last: " + (last == null ? "no attempt" : last.getMessage())
                + " (check 'endpoint', the registration 'token' and the network)");
    }
}
