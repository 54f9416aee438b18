package dev.outrider.kubernetes.api;

import dev.outrider.kubernetes.cluster.ClusterConnection;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link JobCluster} through one fabric8 client (over the JDK's HTTP client), shared by the process's jobs. */
public final class Fabric8Cluster implements JobCluster {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8Cluster.class);
    private static final long POLL_MILLIS = 1000;
    private static final long SLICE_MILLIS = 200;

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> environment;
    private volatile Optional<OwnerReference> agentPod;

    /**
     * @param client      the client; this object owns it from now on
     * @param namespace   where jobs go
     * @param environment the process environment ({@code HOSTNAME}, {@code KUBERNETES_SERVICE_HOST})
     */
    public Fabric8Cluster(KubernetesClient client, String namespace, Map<String, String> environment) {
        this.client = client;
        this.namespace = namespace;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Finds the credentials ({@link ClusterConnection}) and builds the client; nothing is contacted yet.
     *
     * @param kubeconfig  the {@code kubeconfig} option, if given
     * @param namespace   the {@code namespace} option, or {@code ""}
     * @param ping        how often exec streams and watches are pinged
     * @param environment the process environment
     * @param home        the user's home folder
     * @throws dev.outrider.spi.PluginException when no credentials are found
     */
    public static JobCluster open(Optional<java.nio.file.Path> kubeconfig, String namespace, Duration ping,
                                  Map<String, String> environment, java.nio.file.Path home) {
        ClusterConnection connection = ClusterConnection.find(kubeconfig, Optional.of(namespace), environment, home);
        return new Fabric8Cluster(connection.client(ping), connection.namespace(), environment);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void create(Secret secret) {
        call("create", "secrets", () -> client.secrets().inNamespace(namespace).resource(secret).create());
    }

    @Override
    public void create(Pod pod) {
        call("create", "pods", () -> client.pods().inNamespace(namespace).resource(pod).create());
    }

    @Override
    public boolean deletePod(String name) {
        return call("delete", "pods", () -> !client.pods().inNamespace(namespace).withName(name).withGracePeriod(0)
                .delete().isEmpty());
    }

    @Override
    public boolean deleteSecret(String name) {
        return call("delete", "secrets", () -> !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty());
    }

    @Override
    public Optional<ConfigMap> configMap(String name) {
        return call("get", "configmaps", () -> Optional.ofNullable(
                client.configMaps().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public Optional<Pod> pod(String name) {
        return call("get", "pods", () -> Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public List<Pod> podsLabelled(String label, String value) {
        return call("list", "pods", () -> client.pods().inNamespace(namespace).withLabel(label, value).list().getItems());
    }

    @Override
    public List<Secret> secretsLabelled(String label, String value) {
        return call("list", "secrets", () -> client.secrets().inNamespace(namespace).withLabel(label, value).list()
                .getItems());
    }

    @Override
    public boolean follow(String name, Predicate<Optional<Pod>> done, Duration timeout, BooleanSupplier cancelled)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BlockingQueue<Optional<Pod>> states = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Watch watch = watch(name, states, watching);
        try {
            if (done.test(pod(name))) {
                return true;
            }
            long nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
            while (!cancelled.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Optional<Pod> state = states.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)),
                        TimeUnit.NANOSECONDS);
                if (state == null && !watching.get() && System.nanoTime() >= nextPoll) {
                    state = pod(name); // no watch (refused, or closed by the server): poll, as Semaphore's agent always does
                    nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
                }
                if (state != null && done.test(state)) {
                    return true;
                }
            }
            return false;
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** @return the watch, or {@code null} when the server does not allow one (then the caller polls) */
    private Watch watch(String name, BlockingQueue<Optional<Pod>> states, java.util.concurrent.atomic.AtomicBoolean watching) {
        try {
            return client.pods().inNamespace(namespace).withName(name).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    states.add(action == Action.DELETED ? Optional.empty() : Optional.of(pod));
                }

                @Override
                public void onClose(WatcherException cause) {
                    watching.set(false);
                    LOG.debug("Watch of pod {} closed: {}", name, cause == null ? "" : cause.getMessage());
                }
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                watching.set(false);
                LOG.debug("Not allowed to watch pods in namespace {}; polling pod {} every second", namespace, name);
                return null;
            }
            throw failure(e, "watch", "pods");
        }
    }

    @Override
    public PodTerminal exec(String pod, String container, OutputStream output, String... command) {
        CompletableFuture<Integer> ended = new CompletableFuture<>();
        StringBuilder failure = new StringBuilder();
        Integer[] exit = {null};
        // the listener, not exitCode(), ends the stream: its calls come in order (exit status, then close)
        ExecWatch watch = call("create", "pods/exec", () -> client.pods().inNamespace(namespace).withName(pod)
                .inContainer(container).redirectingInput().writingOutput(output).withTTY()
                .usingListener(new ExecListener() {
                    @Override
                    public void onExit(int code, io.fabric8.kubernetes.api.model.Status status) {
                        synchronized (failure) {
                            exit[0] = code;
                        }
                    }

                    @Override
                    public void onFailure(Throwable cause, Response response) {
                        synchronized (failure) {
                            failure.append(response == null ? String.valueOf(cause.getMessage())
                                    : "HTTP " + response.code() + ": " + cause.getMessage());
                        }
                        ended.complete(null);
                    }

                    @Override
                    public void onClose(int code, String reason) {
                        Integer status;
                        synchronized (failure) {
                            if (failure.isEmpty()) {
                                failure.append("the stream closed (code ").append(code)
                                        .append(reason == null || reason.isEmpty() ? "" : ", " + reason).append(')');
                            }
                            status = exit[0];
                        }
                        ended.complete(status);
                    }
                }).exec(command));
        return new PodTerminal() {
            @Override
            public void type(byte[] bytes) throws IOException {
                OutputStream input = watch.getInput();
                input.write(bytes);
                input.flush();
            }

            @Override
            public CompletableFuture<Integer> ended() {
                return ended;
            }

            @Override
            public String failure() {
                synchronized (failure) {
                    return failure.isEmpty() ? "the stream ended without the command's exit status" : failure.toString();
                }
            }

            @Override
            public void close() {
                watch.close();
            }
        };
    }

    @Override
    public Optional<OwnerReference> agentPod() {
        Optional<OwnerReference> known = agentPod;
        if (known == null) {
            known = findAgentPod();
            agentPod = known;
        }
        return known;
    }

    private Optional<OwnerReference> findAgentPod() {
        String host = environment.getOrDefault("HOSTNAME", "");
        if (environment.getOrDefault("KUBERNETES_SERVICE_HOST", "").isEmpty() || host.isEmpty()) {
            return Optional.empty();
        }
        try {
            return pod(host).map(pod -> new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        } catch (ClusterException e) {
            LOG.warn("Job pods get no owner (the agent's pod {} cannot be read: {}); they are removed when the"
                    + " job ends, by their active deadline, or by the next agent's sweep", host, e.getMessage());
            return Optional.empty();
        }
    }

    private <T> T call(String verb, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(e, verb, resource);
        }
    }

    private ClusterException failure(KubernetesClientException e, String verb, String resource) {
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : String.valueOf(e.getMessage());
        int code = Math.max(e.getCode(), 0);
        // an exec refused at the WebSocket upgrade carries its status only in the handshake's response
        for (Throwable cause = e.getCause(); cause != null && code == 0; cause = cause.getCause()) {
            if (cause instanceof io.fabric8.kubernetes.client.http.WebSocketHandshakeException handshake
                    && handshake.getResponse() != null) {
                code = handshake.getResponse().code();
                detail = "the server refused the stream (HTTP " + code + ")";
            }
        }
        return new ClusterException(code, ClusterException.describe(code, detail, verb, resource, namespace), e);
    }

}
