package dev.outrider.cli;

import dev.outrider.agent.Agent;
import dev.outrider.agent.AgentSupervisor;
import dev.outrider.agent.HostFacts;
import dev.outrider.agent.ProtocolTiming;
import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.config.AgentConfig;
import dev.outrider.config.ConfigException;
import dev.outrider.config.ConfigLoader;
import dev.outrider.config.LogSinkConfig;
import dev.outrider.config.OutriderConfig;
import dev.outrider.event.EventBusLogPublisher;
import dev.outrider.job.JobLauncher;
import dev.outrider.sink.LogSinkHost;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.protocol.HttpTransport;
import dev.outrider.protocol.LogPushClient;
import dev.outrider.protocol.ProxySettings;
import dev.outrider.protocol.SemaphoreApi;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginException;
import dev.outrider.status.StatusServer;
import dev.outrider.status.prometheus.PrometheusMetrics;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outrider start}: the Semaphore self-hosted agent, one or several agents in this process. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Registers with Semaphore's control plane and runs the jobs it is given, as Semaphore's "
                + "'agent start' does; with an 'agents:' list in the configuration, several agents of several types.",
            "Configuration: --config-file, then SEMAPHORE_AGENT_* / OUTRIDER_* environment variables, then flags.",
            "Exit status: 0 shut down as told, 1 could not register or sync, 2 invalid configuration."})
final class StartCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StartFlags flags;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "The agent's YAML configuration: Semaphore's agent config works unchanged.")
    private Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        OutriderConfig config;
        try {
            Map<String, String> environment = new HashMap<>(System.getenv());
            Map<String, Object> given = new LinkedHashMap<>(flags.given());
            HandedToken.fromLauncher().ifPresent(token -> token.putInto(given, environment));
            config = ConfigLoader.load(Optional.ofNullable(configFile), environment, given, ConfigLoader.Mode.START);
        } catch (ConfigException | IllegalStateException e) {
            err.println("outrider: " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        Path plugins = config.pluginsDir().orElseGet(PluginsDirectory::byDefault);
        String version = OutriderVersion.get();
        try (Outrider outrider = Outrider.start(new OutriderInfo(version, plugins))) {
            PluginHost host = outrider.get(PluginHost.class);
            Vertx vertx = outrider.get(Vertx.class);
            List<HttpTransport> transports = new ArrayList<>();
            List<Agent> agents = new ArrayList<>();
            try {
                ProxySettings proxies = ProxySettings.fromEnvironment(System.getenv());
                for (LogSinkConfig sink : config.logSinks()) {
                    outrider.get(LogSinkHost.class).attach(sink.type(), host.logSinks().get(sink.type()).create(sink.options()));
                }
                AgentTypeCheck check = new AgentTypeCheck(host);
                config.agents().forEach(check::check); // every type, before any agent registers
                for (AgentConfig type : config.agents()) {
                    HttpTransport transport = HttpTransport.create(vertx, type.caFile(), proxies);
                    transports.add(transport);
                    SemaphoreApi api = new SemaphoreApi(transport, type.endpoint(), !type.noHttps(), version);
                    LogPushClient logs = new LogPushClient(transport, version);
                    for (int n = 1; n <= type.count(); n++) {
                        String label = type.count() == 1 ? type.label() : type.label() + "#" + n;
                        agents.add(Agent.of(type, label, api, logs, outrider.get(JobLauncher.class), host.executors(),
                                config.logUploadTimeout(), ProtocolTiming.fromSystemProperties(),
                                HostFacts.ofThisMachine(), System.getenv(), version, Clock.systemUTC(),
                                outrider.get(EventBusLogPublisher.class)::publish));
                    }
                }
            } catch (UnknownExtensionException | PluginException | IllegalArgumentException e) {
                err.println("outrider: " + e.getMessage());
                err.flush();
                transports.forEach(HttpTransport::close);
                return ExitCodes.INVALID_INPUT;
            }
            StatusServer status = null;
            if (config.statusAddress().isPresent()) { // PrometheusMetrics.create(): no metrics class loads otherwise
                try {
                    status = StatusServer.start(vertx, config.statusAddress().get(),
                            agents.stream().map(Agent::label).toList(), PrometheusMetrics.create(), Clock.systemUTC());
                } catch (IllegalStateException e) {
                    err.println("outrider: " + e.getMessage());
                    err.flush();
                    transports.forEach(HttpTransport::close);
                    return ExitCodes.INVALID_INPUT;
                }
            }
            AgentSupervisor supervisor = new AgentSupervisor(agents);
            AtomicBoolean exitAtOnce = new AtomicBoolean();
            InterruptSignals.install(err, "telling the control plane and waiting for it to stop the job and "
                    + "shut the agent down", supervisor::interrupted, () -> {
                        exitAtOnce.set(true);
                        supervisor.stopJobsNow();
                    });
            try {
                int exit = supervisor.run();
                outrider.get(LogSinkHost.class).awaitDelivered(outrider.get(EventBusLogPublisher.class).published(),
                        Duration.ofSeconds(10));
                // a second signal stops the jobs; their agents may finish first: the exit is still "stopped"
                return exitAtOnce.get() ? ExitCodes.STOPPED : exit;
            } finally {
                if (status != null) {
                    status.close();
                }
                transports.forEach(HttpTransport::close);
            }
        }
    }
}
