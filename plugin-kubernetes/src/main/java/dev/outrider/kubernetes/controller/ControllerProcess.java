package dev.outrider.kubernetes.controller;

import dev.outrider.kubernetes.cluster.ClusterConnection;
import dev.outrider.spi.PluginException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One run of {@code outrider controller}: arguments, settings, cluster, then the loop until a signal. */
final class ControllerProcess {

    /** klog's verbosity flag, which upstream's chart passes: accepted and ignored. */
    private static final Pattern VERBOSITY = Pattern.compile("--?v=\\d+");

    static final String USAGE = """
            Usage: outrider controller

            Starts an agent per queued Semaphore job as a Kubernetes Job, as Semaphore's agent-k8s-controller
            does. Configured by environment variables (their names and defaults are upstream's):
              SEMAPHORE_ENDPOINT                  required: your organization's host, e.g. my-org.semaphoreci.com
              KUBERNETES_NAMESPACE                where the Jobs are made and agent-type Secrets read (default)
              SEMAPHORE_AGENT_IMAGE               agent image (semaphoreci/agent:latest)
              SEMAPHORE_AGENT_COMMAND             agent container command (/opt/semaphore/agent start)
              SEMAPHORE_AGENT_LOG_LEVEL           agents' log level (info)
              MAX_PARALLEL_JOBS                   unfinished agent Jobs over all agent types (10)
              MAX_PARALLEL_JOBS_PER_TYPE          per agent type, unless its Secret has maxParallelJobs (no cap)
              KUBERNETES_SERVICE_ACCOUNT          service account of the agent pods (the namespace's default)
              SEMAPHORE_AGENT_LABELS              key=value,... labels for the Jobs, passed to the agents
              SEMAPHORE_AGENT_STARTUP_PARAMETERS  agent flags for types whose Secret has no agentStartupParameters
              KEEP_FAILED_JOBS_FOR                keep failed agent Jobs this long, e.g. 1d, 5m, 90s (0)
              KEEP_SUCCESSFUL_JOBS_FOR            keep completed agent Jobs this long (0)
              JOB_START_TIMEOUT                   delete an agent Job whose pod is not ready by then (5m)
              SEMAPHORE_NO_HTTPS                  true: reach the endpoint (and agents reach it) over plain HTTP
              OUTRIDER_AGENT_RESOURCES            requests and limits of each agent container, as JSON, e.g.
                                                  {"requests":{"cpu":"100m"},"limits":{"memory":"256Mi"}} (none)
              OUTRIDER_STATUS_ADDRESS             host:port to serve /healthz, /readyz and /metrics on (none)
              HTTPS_PROXY, HTTP_PROXY, NO_PROXY   the proxy to reach the endpoint through, as Go programs read them
              KUBECONFIG                          the cluster, when not run in a pod (in-cluster config there)
              OUTRIDER_LOG_LEVEL                  the controller's own log level (info)
            """;

    /**
     * Every variable {@code outrider controller} reads: its settings' ({@link ControllerSettings#VARIABLES})
     * and those of the cluster connection, the proxies and the agent log. The chart's test holds the
     * chart's environment for the controller to these.
     */
    static final Set<String> VARIABLES = Stream.concat(ControllerSettings.VARIABLES.stream(),
            Stream.of("KUBERNETES_NAMESPACE", "KUBECONFIG", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY",
                    "https_proxy", "http_proxy", "no_proxy", "OUTRIDER_LOG_LEVEL")).collect(Collectors.toUnmodifiableSet());

    private ControllerProcess() {
    }

    /** Runs on the core's command thread, whose context class loader is the plugin's (fabric8 looks services up there). */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (!VERBOSITY.matcher(arg).matches()) {
                err.println("outrider controller: unknown argument '" + arg + "'; it takes none (settings come from"
                        + " the environment, see outrider controller --help)");
                return 2;
            }
        }
        ControllerSettings settings;
        EnvironmentProxies proxies;
        ClusterConnection cluster;
        try {
            settings = ControllerSettings.fromEnvironment(environment);
            proxies = EnvironmentProxies.fromEnvironment(environment);
            cluster = ClusterConnection.find(Optional.empty(), Optional.empty(), environment,
                    Path.of(System.getProperty("user.home")));
        } catch (ControllerSettingsException | PluginException e) {
            err.println("outrider controller: " + e.getMessage());
            return 2;
        }
        return run(settings, new JobQueue(settings.queuedJobsUrl(), proxies), cluster, ControllerLog.slf4j(), err);
    }

    private static int run(ControllerSettings settings, JobQueue queue, ClusterConnection cluster, ControllerLog log,
                           PrintStream err) throws InterruptedException {
        ControllerStatus status = new ControllerStatus(settings.maxParallelJobs());
        Optional<StatusServer> server;
        try {
            server = settings.statusAddress().map(address -> StatusServer.start(address, status));
        } catch (ControllerSettingsException e) {
            err.println("outrider controller: " + e.getMessage());
            return 2;
        }
        server.ifPresent(running -> log.info("serving /healthz, /readyz and /metrics on http://"
                + new StatusAddress(settings.statusAddress().orElseThrow().host(), running.port())));
        try (KubernetesClient client = cluster.client()) {
            String namespace = cluster.namespace();
            Controller controller = new Controller(settings, new AgentJobs(client, namespace),
                    new AgentTypeSecrets(client, namespace), queue, log,
                    InstantSource.system(), status);
            controller.run();
            return 0;
        } catch (KubernetesClientException e) {
            err.println("outrider controller: cannot use the Kubernetes API of " + cluster.source() + ": "
                    + KubernetesErrors.describe(e, cluster.namespace()));
            return 1;
        } catch (InterruptedException e) {
            log.info("stopping");
            throw e;
        } finally {
            server.ifPresent(StatusServer::close);
        }
    }
}
