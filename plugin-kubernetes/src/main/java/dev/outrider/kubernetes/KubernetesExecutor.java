package dev.outrider.kubernetes;

import dev.outrider.kubernetes.api.JobCluster;
import dev.outrider.kubernetes.exec.PodShell;
import dev.outrider.kubernetes.pod.JobNames;
import dev.outrider.kubernetes.pod.JobPod;
import dev.outrider.kubernetes.pod.JobSecrets;
import dev.outrider.kubernetes.pod.PodDecorator;
import dev.outrider.kubernetes.pod.PodReadiness;
import dev.outrider.kubernetes.pod.PullCredentials;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.Job;
import dev.outrider.spi.Job.Container;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import dev.outrider.spi.StepRunner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job in a pod of its own (spec kubernetes.md §1): the job's Secrets and pod are created, the pod
 * is followed until it is ready, and the commands run in one {@code bash --login} in its main
 * container over the API's exec stream. Everything is deleted when the job ends.
 */
final class KubernetesExecutor implements JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutor.class);
    private static final String BUILDING = "Failed to create pod: error building pod spec: error building containers"
            + " for pod spec: ";

    private final Clusters clusters;
    private final KubernetesOptions options;
    private final ExecutorContext context;
    private final JobNames names;
    private final Object lifecycle = new Object();
    private JobCluster cluster;
    private PodShell shell;
    private boolean stopped;

    KubernetesExecutor(Clusters clusters, KubernetesOptions options, ExecutorContext context) {
        this.clusters = clusters;
        this.options = options;
        this.context = context;
        this.names = new JobNames(context.job().id());
    }

    @Override
    public boolean start(StepRunner steps) throws InterruptedException {
        if (steps.step("Creating Kubernetes resources for job...", this::createObjects) != 0 || isStopped()) {
            return false;
        }
        return steps.step("Starting shell session...", this::startShell) == 0 && !isStopped();
    }

    private int createObjects(StepOutput output) {
        JobCluster connected;
        try {
            connected = clusters.connect(options);
        } catch (PluginException e) {
            return fail(output, "Failed to connect to Kubernetes: " + e.getMessage());
        }
        synchronized (lifecycle) {
            cluster = connected;
        }
        PodDecorator decorator;
        try {
            decorator = decorator(connected);
        } catch (PluginException e) {
            return fail(output, "Failed to load pod spec: " + e.getMessage());
        }
        List<Container> containers = containers();
        if (containers.isEmpty()) {
            return fail(output, BUILDING + "no containers specified in Semaphore YAML, and no default container is provided");
        }
        var rejected = options.allowedImages().firstRejected(context.job().containers().stream().map(Container::image).toList());
        if (rejected.isPresent()) {
            return fail(output, BUILDING + "error validating images: image '" + rejected.get() + "' is not allowed");
        }
        var owner = connected.agentPod();
        Map<String, String> labels = names.labels(options.labels());
        Map<String, String> annotations = clusters.identity(connected).annotations();
        JobSecrets secrets = new JobSecrets(names, labels, annotations, owner);
        try {
            connected.create(secrets.files(context.job().files()));
        } catch (PluginException e) {
            return fail(output, "Failed to create environment secret: error creating secret '" + names.secret() + "': "
                    + e.getMessage());
        }
        boolean pull = !context.job().registryCredentials().isEmpty();
        if (pull) {
            try {
                connected.create(secrets.pull(PullCredentials.dockerConfig(context.job().registryCredentials())));
            } catch (PullCredentials.Unusable | PluginException e) {
                return fail(output, "Failed to create temporary image pull secret: error creating image pull secret '"
                        + names.pullSecret() + "': " + e.getMessage());
            }
        }
        try {
            connected.create(new JobPod(names, decorator, labels, annotations, owner, options.activeDeadlineSeconds())
                    .build(containers, pull));
        } catch (PluginException e) {
            return fail(output, "Failed to create pod: error creating pod: " + e.getMessage());
        }
        return 0;
    }

    private PodDecorator decorator(JobCluster connected) {
        String name = options.podSpec();
        if (name.isEmpty()) {
            return PodDecorator.NONE;
        }
        return connected.configMap(name).map(PodDecorator::parse).orElseThrow(() -> new PluginException(
                "error finding configmap '" + name + "': configmaps \"" + name + "\" not found in namespace "
                        + connected.namespace() + " (create it, or correct the pod-spec option)"));
    }

    private List<Container> containers() {
        List<Container> containers = context.job().containers();
        if (!containers.isEmpty() || options.defaultImage().isEmpty()) {
            return containers;
        }
        return List.of(new Container("main", options.defaultImage(), "", "", "", List.of()));
    }

    private int startShell(StepOutput output) throws InterruptedException {
        JobCluster connected = connected();
        String pod = names.pod();
        PodReadiness.Verdict[] last = {null};
        boolean settled;
        try {
            settled = connected.follow(pod, state -> {
                PodReadiness.Verdict verdict = PodReadiness.of(pod, state);
                boolean changed = !verdict.equals(last[0]);
                last[0] = verdict;
                if (verdict instanceof PodReadiness.Verdict.Waiting waiting) {
                    if (changed) {
                        output.message(waiting.message() + "\n");
                    }
                    return false;
                }
                return true;
            }, Duration.ofSeconds(options.podStartTimeoutSeconds()), this::isStopped);
        } catch (PluginException e) {
            return fail(output, "Failed to create pod: " + e.getMessage());
        }
        if (isStopped()) {
            return fail(output, "Failed to create pod: context canceled");
        }
        if (!settled) {
            return fail(output, "Failed to create pod: [Waiting for pod to be ready] failed after ["
                    + options.podStartTimeoutSeconds() + "] attempts - giving up: "
                    + (last[0] instanceof PodReadiness.Verdict.Waiting w ? w.message() : "no state of the pod was seen"));
        }
        if (last[0] instanceof PodReadiness.Verdict.Failed failed) {
            return fail(output, "Failed to create pod: " + failed.message());
        }
        output.message("Pod is ready.\n");
        output.message("Starting a new bash session in the pod...\n");
        PodShell opened;
        try {
            opened = PodShell.open(connected, pod);
        } catch (PluginException e) {
            output.message("Failed to start shell in kubernetes container\n");
            return fail(output, e.getMessage());
        }
        synchronized (lifecycle) {
            if (stopped) {
                opened.close();
                return 1;
            }
            shell = opened;
        }
        output.message("Shell session is ready.\n");
        for (String[] probe : new String[][] {{"whoami", "User"}, {"id", "User identity"}, {"pwd", "Working directory"}}) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int status = opened.run(probe[0], collect(answer));
            String text = answer.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (status != 0) {
                output.message("Failed to determine " + probe[1].toLowerCase(java.util.Locale.ROOT) + "\n");
                return fail(output, "exit code " + status + " - " + text.strip());
            }
            output.message(probe[1] + ": " + text);
        }
        return 0;
    }

    private static StepOutput collect(ByteArrayOutputStream into) {
        return new StepOutput() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (into) {
                    into.write(bytes, offset, length);
                }
            }

            @Override
            public void message(String text) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                write(bytes, 0, bytes.length);
            }
        };
    }

    private int fail(StepOutput output, String message) {
        LOG.warn("Job '{}': {}", context.job().id(), message);
        output.message(message + "\n");
        return 1;
    }

    @Override
    public int run(String script, StepOutput output) throws InterruptedException {
        PodShell current = current();
        return current == null ? 1 : current.run(script, output);
    }

    @Override
    public int exportEnvironment(byte[] envFile) throws InterruptedException {
        PodShell current = current();
        if (current == null) {
            return 1;
        }
        return current.run("source <(printf %s " + Base64.getEncoder().encodeToString(envFile) + " | base64 -d)\n",
                StepOutput.DISCARD);
    }

    @Override
    public String describeDestination(String path) {
        return path;
    }

    @Override
    public int injectFile(Job.File file, StepOutput output) throws InterruptedException {
        PodShell current = current();
        if (current == null) {
            return 1;
        }
        OptionalLong mode = file.modeBits();
        if (mode.isEmpty()) {
            output.message("bad file permission '" + file.mode() + "'\n");
            return 1;
        }
        String path = file.path();
        String destination = path.startsWith("/") ? quote(path)
                : "\"$HOME\"/" + quote(path.startsWith("~/") ? path.substring(2) : path);
        String shown = path.startsWith("/") ? path : "~/" + (path.startsWith("~/") ? path.substring(2) : path);
        String source = quote(JobPod.INJECTED + "/" + JobSecrets.key(path));
        String script = "__outrider_dest=" + destination + "\n"
                + "mkdir -p \"$(dirname \"$__outrider_dest\")\" || { __s=$?; printf '%s\\n' "
                + quote("Error injecting file " + shown + ": failed to create its parent directory") + "; return $__s; }\n"
                + "cp " + source + " \"$__outrider_dest\" || { __s=$?; printf '%s\\n' "
                + quote("Error injecting file " + shown + ": cannot copy it from the job's Secret") + "; return $__s; }\n"
                + "chmod " + Long.toOctalString(mode.getAsLong() & 07777) + " \"$__outrider_dest\" || { __s=$?; printf '%s\\n' "
                + quote("Error injecting file " + shown + ": error setting file mode " + file.mode()) + "; return $__s; }\n";
        return current.run(script, output);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public void stop() {
        PodShell current;
        JobCluster connected;
        synchronized (lifecycle) {
            stopped = true;
            current = shell;
            connected = cluster;
        }
        if (current != null) {
            current.close();
        }
        if (connected != null) {
            delete(connected, "pod", () -> connected.deletePod(names.pod()));
        }
    }

    private boolean isStopped() {
        synchronized (lifecycle) {
            return stopped;
        }
    }

    private PodShell current() {
        synchronized (lifecycle) {
            return stopped ? null : shell;
        }
    }

    private JobCluster connected() {
        synchronized (lifecycle) {
            return cluster;
        }
    }

    @Override
    public void close() {
        PodShell current;
        JobCluster connected;
        synchronized (lifecycle) {
            current = shell;
            connected = cluster;
        }
        if (current != null) {
            current.close();
        }
        if (connected == null) {
            return;
        }
        delete(connected, "pod", () -> connected.deletePod(names.pod()));
        delete(connected, "Secret", () -> connected.deleteSecret(names.secret()));
        if (!context.job().registryCredentials().isEmpty()) {
            delete(connected, "pull Secret", () -> connected.deleteSecret(names.pullSecret()));
        }
    }

    private void delete(JobCluster connected, String what, java.util.function.BooleanSupplier deletion) {
        try {
            deletion.getAsBoolean();
        } catch (PluginException e) {
            LOG.warn("Job '{}': could not delete its {} in namespace {}: {}", context.job().id(), what,
                    connected.namespace(), e.getMessage());
        }
    }
}
