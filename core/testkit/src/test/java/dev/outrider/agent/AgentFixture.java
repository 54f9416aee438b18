package dev.outrider.agent;

import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.config.AgentConfig;
import dev.outrider.job.JobLauncher;
import dev.outrider.plugin.PluginHost;
import dev.outrider.protocol.HttpTransport;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.protocol.ProxySettings;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.spi.OutriderEvent;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.testkit.FakeControlPlane;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** One agent's phases against the fake control plane, with a real core (no plugins) for its jobs. */
final class AgentFixture implements AutoCloseable {

    static final String TYPE = "linux";
    static final String REGISTRATION_TOKEN = "linux-registration";
    /** Short pauses and a short silence limit, so that retries and give-ups take milliseconds. */
    static final ProtocolTiming FAST = new ProtocolTiming(3, Duration.ofMillis(10), 2, Duration.ofMillis(10), 2,
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(300));

    final FakeControlPlane fake = FakeControlPlane.start().addAgentType(TYPE, REGISTRATION_TOKEN);
    final List<OutriderEvent> events = new CopyOnWriteArrayList<>();
    private final Outrider core;
    private final HttpTransport transport;
    final AgentContext context;
    final JobTools tools;

    /**
     * @param plugins      an empty plugins folder
     * @param name         the agent's requested name
     * @param shutdownHook the agent type's shutdown hook, or {@code ""}
     */
    AgentFixture(Path plugins, String name, String shutdownHook) {
        AgentConfig config = config(name, shutdownHook);
        core = Outrider.start(new OutriderInfo(OutriderVersion.get(), plugins));
        transport = HttpTransport.create(core.get(Vertx.class), Optional.empty(), ProxySettings.NONE);
        SemaphoreApi api = new SemaphoreApi(transport, fake.endpoint(), false, "v9.9.9");
        context = new AgentContext(config, config.label(), api, FAST, Clock.systemUTC(), events::add, new SyncState());
        tools = new JobTools(core.get(JobLauncher.class), core.get(PluginHost.class).executors(),
                new LogPushClient(transport, "v9.9.9"), Duration.ofSeconds(5), Map.of());
    }

    /** @return an agent type with the fake's endpoint and registration token */
    private AgentConfig config(String name, String shutdownHook) {
        AgentConfig defaults = AgentConfig.DEFAULT;
        return new AgentConfig(TYPE, fake.endpoint(), REGISTRATION_TOKEN, true, Optional.empty(), name, "",
                defaults.executor(), Map.of(), 1, defaults.job(), List.of(), false, shutdownHook, false, "", 0, 0,
                defaults.uploadJobLogs(), defaults.kubernetes());
    }

    Registration registration() {
        return new Registration(context, new HostFacts("linux", "amd64", "builder-01", 4242), Map.of(), "v9.9.9");
    }

    SyncLoop syncLoop() {
        return new SyncLoop(context, tools, new Shutdown(context));
    }

    <T extends OutriderEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        transport.close();
        core.close();
        fake.close();
    }
}
