package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.outrider.spi.Job.Container;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one job creates in the engine: its own network, the service containers and the main
 * container, each labelled (see {@link Labels}), and their removal. Services are reachable from the
 * main container by their {@code name} (a network alias), as in Semaphore's compose file.
 */
final class JobContainers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobContainers.class);

    private final DockerClient docker;
    private final DockerOptions options;
    private final String jobId;
    private final String prefix;
    private final Map<String, String> labels;
    private final List<String> containers = new CopyOnWriteArrayList<>();
    private volatile String network;

    JobContainers(DockerClient docker, DockerOptions options, String jobId) {
        this.docker = docker;
        this.options = options;
        this.jobId = jobId;
        String shortId = jobId.replaceAll("[^a-zA-Z0-9]", "");
        this.prefix = "outrider-" + shortId.substring(0, Math.min(12, shortId.length())) + "-"
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        this.labels = Labels.forJob(jobId);
    }

    /** Creates the job's network. */
    void createNetwork() {
        network = docker.createNetworkCmd().withName(prefix).withDriver("bridge").withLabels(labels).exec().getId();
    }

    /** Creates and starts a service container. */
    void startService(Container container) {
        List<String> command = ShellWords.split(container.command());
        CreateContainerCmd create = base(container, container.name())
                .withHostConfig(limits(HostConfig.newHostConfig()));
        if (!command.isEmpty()) {
            create.withCmd(command);
        }
        String id = create.exec().getId();
        containers.add(id);
        docker.startContainerCmd(id).exec();
    }

    /**
     * Creates the main container: {@code bash} with a terminal and open stdin, the agent's host files
     * and the configured volumes mounted. Not started: the session attaches first.
     *
     * @param binds    host files and volumes, {@code HOSTPATH:DEST[:ro]}
     * @param extraEnv {@code NAME=VALUE} pairs the agent adds (the toolbox channel)
     * @return its id
     */
    String createMain(Container container, List<String> binds, List<String> extraEnv) {
        List<Bind> parsed = new ArrayList<>();
        for (String bind : binds) {
            parsed.add(Bind.parse(bind));
        }
        List<String> env = new ArrayList<>(environment(container));
        env.addAll(extraEnv);
        String id = base(container, container.name())
                .withEnv(env)
                .withCmd("bash")
                .withTty(true).withStdinOpen(true).withStdInOnce(false)
                .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                .withHostConfig(limits(HostConfig.newHostConfig()).withBinds(parsed))
                .exec().getId();
        containers.add(id);
        return id;
    }

    void start(String containerId) {
        docker.startContainerCmd(containerId).exec();
    }

    private CreateContainerCmd base(Container container, String alias) {
        CreateContainerCmd create = docker.createContainerCmd(container.image())
                .withName(prefix + "-" + alias.replaceAll("[^a-zA-Z0-9_.-]", "-"))
                .withLabels(labels)
                .withEnv(environment(container))
                .withAliases(alias);
        if (!container.user().isBlank()) {
            create.withUser(container.user());
        }
        List<String> entrypoint = ShellWords.split(container.entrypoint());
        if (!entrypoint.isEmpty()) {
            create.withEntrypoint(entrypoint);
        }
        return create;
    }

    private HostConfig limits(HostConfig host) {
        host.withNetworkMode(prefix).withPrivileged(options.privileged());
        if (options.nanoCpus() > 0) {
            host.withNanoCPUs(options.nanoCpus());
        }
        if (options.memoryBytes() > 0) {
            host.withMemory(options.memoryBytes());
        }
        return host;
    }

    private static List<String> environment(Container container) {
        List<String> env = new ArrayList<>();
        for (var variable : container.envVars()) {
            if (variable.problem().isPresent()) { // as the JDK's decoder said it when this executor decoded values
                throw new IllegalArgumentException(variable.problem().get());
            }
            env.add(variable.name() + "=" + new String(variable.value(), StandardCharsets.UTF_8));
        }
        return env;
    }

    /** Stops every container: SIGTERM, then SIGKILL after the configured grace period. */
    void stopAll() {
        for (String id : containers) {
            try {
                docker.stopContainerCmd(id).withTimeout(options.stopTimeoutSeconds()).exec();
            } catch (NotFoundException e) {
                // already gone
            } catch (DockerException e) {
                LOG.debug("Job '{}': stopping container {}: {}", jobId, id, e.getMessage());
            }
        }
    }

    /** Removes the containers (with their anonymous volumes) and the network. */
    @Override
    public void close() {
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // already gone
            } catch (RuntimeException e) {
                LOG.warn("Job '{}': could not remove container {}: {}", jobId, id, e.getMessage());
            }
        }
        containers.clear();
        if (network != null) {
            try {
                docker.removeNetworkCmd(network).exec();
            } catch (NotFoundException e) {
                // already gone
            } catch (RuntimeException e) {
                LOG.warn("Job '{}': could not remove network {}: {}", jobId, prefix, e.getMessage());
            }
            network = null;
        }
    }
}
