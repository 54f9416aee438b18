package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import dev.outrider.docker.PullCredentials.Login;
import dev.outrider.docker.PullCredentials.LoginException;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.ExecutorContext.HostFile;
import dev.outrider.spi.Job;
import dev.outrider.spi.Job.Container;
import dev.outrider.spi.Job.RegistryCredentials;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobFiles;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import dev.outrider.spi.StepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job in containers (job.md §18): the first container of {@code compose.containers} (or the agent
 * type's {@code default-image}) is the main one, where the commands run in a persistent bash; the
 * others are services on the job's own network. Everything is created through the Engine API and
 * removed when the job ends.
 */
final class DockerExecutor implements JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(DockerExecutor.class);
    private static final StepOutput SILENT = new StepOutput() {
        @Override
        public void write(byte[] bytes, int offset, int length) {
        }

        @Override
        public void message(String text) {
        }
    };

    private final DockerClient docker;
    private final DockerOptions options;
    private final ExecutorContext context;
    private final JobContainers containers;
    private final Object lifecycle = new Object();
    private ContainerSession session;
    private ToolboxRelay relay;
    private boolean stopped;
    private int fileCounter;

    DockerExecutor(DockerClient docker, DockerOptions options, ExecutorContext context) {
        this.docker = docker;
        this.options = options;
        this.context = context;
        this.containers = new JobContainers(docker, options, context.job().id());
    }

    @Override
    public boolean start(StepRunner steps) throws InterruptedException {
        List<String> binds = binds();
        List<Container> all = jobContainers();
        if (all.isEmpty()) {
            steps.step("Pulling docker images...", output -> {
                output.message("This job names no container (compose.containers is empty) and the agent type sets no"
                        + " default-image in its executor-options\n");
                return 1;
            });
            return false;
        }
        List<Login> logins = new ArrayList<>();
        List<RegistryCredentials> credentials = context.job().registryCredentials();
        if (!credentials.isEmpty()) {
            int status = steps.step("Setting up image pull credentials", output -> login(credentials, logins, output));
            if (status != 0) {
                return false;
            }
        }
        int pulled = steps.step("Pulling docker images...", output -> {
            for (Container container : all) {
                if (!options.allows(container.image())) {
                    output.message("Image " + container.image() + " is not allowed on this agent; allowed-images: "
                            + String.join(", ", options.allowedImages()) + "\n");
                    return 1;
                }
            }
            return new ImagePuller(docker, options.pullPolicy(), logins)
                    .pullAll(all.stream().map(Container::image).toList(), output);
        });
        if (pulled != 0 || isStopped()) {
            return false;
        }
        int started = steps.step("Starting the docker image...", output -> {
            output.message("Starting a new bash session.\n");
            try {
                startContainers(all, binds);
                return 0;
            } catch (DockerException | PluginException | IllegalArgumentException e) {
                output.message("Failed to start the docker image\n");
                output.message(e instanceof DockerException de ? ImagePuller.message(de) : e.getMessage());
                return 1;
            }
        });
        return started == 0 && !isStopped();
    }

    private int login(List<RegistryCredentials> credentials, List<Login> logins, StepOutput output)
            throws InterruptedException {
        for (RegistryCredentials entry : credentials) {
            try {
                Login login = PullCredentials.resolve(entry, output);
                var answer = docker.authCmd().withAuthConfig(login.auth()).exec();
                output.message((answer.getStatus() == null ? "Login Succeeded" : answer.getStatus()) + "\n");
                logins.add(login);
            } catch (LoginException e) {
                output.message(e.getMessage());
                return 1;
            } catch (DockerException e) {
                output.message("Login failed: " + ImagePuller.message(e) + "\n");
                return 1;
            }
        }
        return 0;
    }

    private List<Container> jobContainers() {
        List<Container> containers = context.job().containers();
        if (!containers.isEmpty()) {
            return containers;
        }
        if (options.defaultImage().isEmpty()) {
            return List.of();
        }
        return List.of(new Container("main", options.defaultImage(), "", "", "", List.of()));
    }

    /** @return the agent's host files and the configured volumes, as binds of the main container */
    private List<String> binds() {
        List<String> binds = new ArrayList<>();
        for (HostFile file : context.hostFiles()) {
            if (Files.exists(Path.of(file.hostPath()))) {
                binds.add(file.hostPath() + ":" + file.destination());
            } else if (context.failOnMissingFiles()) {
                throw new PluginException("host file " + file.hostPath() + " (agent setting 'files') does not exist,"
                        + " and fail-on-missing-files is true");
            } else {
                LOG.warn("Job '{}': host file {} (agent setting 'files') does not exist; not mounted",
                        context.job().id(), file.hostPath());
            }
        }
        binds.addAll(options.volumes());
        return binds;
    }

    private void startContainers(List<Container> all, List<String> binds) throws InterruptedException {
        containers.createNetwork();
        for (Container service : all.subList(1, all.size())) {
            containers.startService(service);
        }
        List<String> toolboxEnv = new ArrayList<>();
        List<String> mounts = new ArrayList<>(binds);
        toolbox(mounts, toolboxEnv);
        String mainId = containers.createMain(all.get(0), mounts, toolboxEnv);
        ContainerSession created = new ContainerSession(docker, mainId, new ContainerFiles(docker, mainId));
        synchronized (lifecycle) {
            if (stopped) {
                throw new PluginException("the job was stopped");
            }
            session = created;
        }
        created.attach();
        containers.start(mainId);
        created.awaitReady();
    }

    /** Where the toolbox is in the main container: its folder, the commands' folder in it, and the channel's socket. */
    static final String TOOLBOX_HOME = "/opt/outrider/toolbox";
    static final String TOOLBOX_BIN = TOOLBOX_HOME + "/bin";
    static final String TOOLBOX_SOCKET = "/run/outrider-toolbox.sock";

    /**
     * Gives the main container the agent's toolbox ({@code cache}): its commands, mounted, and the channel
     * through a Unix socket relayed to the agent. Only with an engine on this machine, which can mount
     * the agent's files.
     */
    private void toolbox(List<String> mounts, List<String> env) {
        Map<String, String> agent = context.environment();
        String url = agent.getOrDefault(ExecutorContext.TOOLBOX_URL_VARIABLE, "");
        String bin = agent.getOrDefault(ExecutorContext.TOOLBOX_BIN_VARIABLE, "");
        String engine = options.dockerHost().isEmpty() ? agent.getOrDefault("DOCKER_HOST", "") : options.dockerHost();
        if (url.isEmpty() || bin.isEmpty() || !(engine.isEmpty() || engine.startsWith("unix://"))) {
            return;
        }
        Path socket = context.workDirectory().resolve("toolbox.sock");
        relay = ToolboxRelay.start(socket, url);
        // the whole toolbox folder: the commands in bin/ source their shell libraries from lib/
        Path home = Path.of(bin).getParent();
        mounts.add((home == null ? bin : home.toString()) + ":" + (home == null ? TOOLBOX_BIN : TOOLBOX_HOME) + ":ro");
        mounts.add(socket + ":" + TOOLBOX_SOCKET);
        env.add("OUTRIDER_TOOLBOX_SOCKET=" + TOOLBOX_SOCKET);
        env.add(ExecutorContext.TOOLBOX_URL_VARIABLE + "=http://localhost");
        env.add(ExecutorContext.TOOLBOX_TOKEN_VARIABLE + "=" + agent.getOrDefault(ExecutorContext.TOOLBOX_TOKEN_VARIABLE, ""));
        env.add(ExecutorContext.TOOLBOX_BIN_VARIABLE + "=" + TOOLBOX_BIN);
    }

    @Override
    public int run(String script, StepOutput output) throws InterruptedException {
        ContainerSession current = current();
        return current == null ? 1 : current.run(script, output);
    }

    @Override
    public int exportEnvironment(byte[] envFile) throws InterruptedException {
        ContainerSession current = current();
        if (current == null) {
            return 1;
        }
        String file = ContainerSession.TEMP + "/.env";
        try {
            current.files().copy(file, envFile, 0600);
        } catch (IOException e) {
            LOG.error("Job '{}': {}", context.job().id(), e.getMessage());
            return 255;
        }
        // as Semaphore's agent does, later login shells (bash -l in a command) get the variables too;
        // a user without a writable home still gets them in this session
        return current.run("source " + file + " || return\n{ echo 'source " + file + "' >> ~/.bash_profile; } 2>/dev/null\n"
                + "true\n", SILENT);
    }

    @Override
    public String describeDestination(String path) {
        return path;
    }

    @Override
    public int injectFile(Job.File file, StepOutput output) throws InterruptedException {
        ContainerSession current = current();
        if (current == null) {
            return 1;
        }
        String destination = file.path().startsWith("/") ? file.path()
                : current.home() + "/" + (file.path().startsWith("~/") ? file.path().substring(2) : file.path());
        String temporary = ContainerSession.TEMP + "/file-" + (++fileCounter);
        try {
            current.files().copy(temporary, file.content(), 0600);
        } catch (IOException e) {
            output.message("Failed to move to destination path " + temporary + " " + destination + "\n");
            return 1;
        }
        OptionalLong mode = file.modeBits();
        String folder = destination.contains("/") ? destination.substring(0, destination.lastIndexOf('/')) : ".";
        String script = "mkdir -p " + quote(folder.isEmpty() ? "/" : folder) + " 2>/dev/null || { __s=$?; printf '%s\\n' "
                + quote("Failed to create destination path " + destination) + "; return $__s; }\n"
                + "cp " + quote(temporary) + " " + quote(destination) + " 2>/dev/null || { __s=$?; printf '%s\\n' "
                + quote("Failed to move to destination path " + temporary + " " + destination) + "; return $__s; }\n"
                + "rm -f " + quote(temporary) + "\n"
                + (mode.isEmpty() ? "printf '%s\\n' " + quote("bad file permission '" + file.mode() + "'") + "; return 1\n"
                : "chmod " + Long.toOctalString(mode.getAsLong() & 07777) + " " + quote(destination)
                        + " 2>/dev/null || { __s=$?; printf '%s\\n' "
                        + quote("Failed to set file mode to " + file.mode()) + "; return $__s; }\n");
        return current.run(script, output);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            stopped = true;
        }
        containers.stopAll();
    }

    private boolean isStopped() {
        synchronized (lifecycle) {
            return stopped;
        }
    }

    /**
     * The main container's files, for the agent's toolbox: only with an engine on this machine
     * (as the toolbox itself), reached through its Unix socket.
     */
    @Override
    public Optional<JobFiles> files() {
        String engine = options.dockerHost().isEmpty() ? context.environment().getOrDefault("DOCKER_HOST", "") : options.dockerHost();
        if (!(engine.isEmpty() || engine.startsWith("unix://"))) {
            return Optional.empty();
        }
        Path socket = Path.of(engine.isEmpty() ? "/var/run/docker.sock" : engine.substring("unix://".length()));
        return Optional.of(new ContainerJobFiles(docker, socket, this::current));
    }

    private ContainerSession current() {
        synchronized (lifecycle) {
            return stopped ? null : session;
        }
    }

    @Override
    public void close() {
        ContainerSession current;
        synchronized (lifecycle) {
            current = session;
        }
        if (current != null) {
            current.close();
        }
        containers.close();
        if (relay != null) {
            relay.close();
        }
    }
}
