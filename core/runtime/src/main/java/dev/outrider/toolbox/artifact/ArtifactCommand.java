package dev.outrider.toolbox.artifact;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.artifact.ArtifactBackend.Download;
import dev.outrider.toolbox.artifact.ArtifactBackend.RemoteObject;
import dev.outrider.toolbox.artifact.ArtifactBackend.Upload;
import dev.outrider.toolbox.artifact.CommandLine.Run;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The jobs' {@code artifact} command, with the contract of Semaphore's CLI (toolbox.md §2,
 * artifact-protocol.md): {@code push|pull|yank|delete job|workflow|project PATH}. It keeps the artifacts
 * in the agent type's artifact store when the operator configured one ({@code artifacts:}, which wins as
 * the agent type's {@code cache:} does), else speaks to Semaphore's artifact hub when the job has
 * {@code SEMAPHORE_ARTIFACT_TOKEN}, else keeps them in the local default store. Every failure exits 1.
 */
public final class ArtifactCommand implements ToolboxCommand {

    /** Opens the artifact store for a call without a hub. */
    @FunctionalInterface
    public interface Stores {
        /**
         * @param call the call (its context names the agent type's {@code artifacts:} setting)
         * @return the store; the caller closes it
         * @throws RuntimeException naming the configuration key when the store cannot be opened
         */
        ArtifactStore open(ToolboxCall call);
    }

    private final Stores stores;
    /** made on the first call that talks to a hub: an agent that runs no such job keeps no client and no selector thread */
    private HttpClient http;
    private final RetryPolicy hubPolicy;
    private final RetryPolicy storagePolicy;
    private final Clock clock;

    /** @param stores the artifact stores, for jobs without a hub */
    public ArtifactCommand(Stores stores) {
        this(stores, RetryPolicy.HUB, RetryPolicy.STORAGE, Clock.systemUTC());
    }

    ArtifactCommand(Stores stores, RetryPolicy hubPolicy, RetryPolicy storagePolicy, Clock clock) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.hubPolicy = hubPolicy;
        this.storagePolicy = storagePolicy;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "artifact";
    }

    @Override
    public int run(ToolboxCall call) throws IOException, InterruptedException {
        switch (CommandLine.parse(call.args())) {
            case CommandLine.Help help -> {
                call.output().out(help.stdout().stripTrailing());
                return 0;
            }
            case CommandLine.Failure failure -> {
                call.output().err(failure.stderr().substring(0, failure.stderr().length() - 1));
                return 1;
            }
            case CommandLine.Run run -> {
                return run(call, run);
            }
        }
    }

    private int run(ToolboxCall call, Run run) throws IOException, InterruptedException {
        ArtifactLog log = new ArtifactLog(call.output(), clock, run.verbose());
        String id = run.value(run.scope().idFlag());
        if (id.isEmpty()) {
            id = call.env(run.scope().variable());
        }
        if (id.isEmpty()) {
            return setupError(call, run.scope().missingId());
        }
        RemotePaths paths = new RemotePaths(run.scope(), id);
        Path stdinCopy = null;
        try (Target target = target(call, log)) {
            return switch (run.operation()) {
                case PUSH -> {
                    String source = run.path();
                    JobFiles files = call.files();
                    if (source.equals("-") || source.equals("/dev/stdin")) {
                        log.debug("Detected stdin, saving it to a temporary file...");
                        stdinCopy = saveStdin(call);
                        source = stdinCopy.toString();
                        files = new LocalJobFiles();
                    }
                    if (!run.value("expire-in").isEmpty()) {
                        expireInWarning(log);
                    }
                    yield push(call, run, log, paths.push(source, run.value("destination")), files, target.backend(files));
                }
                case PULL -> pull(call, run, log, paths.pull(run.path(), run.value("destination")),
                        target.backend(call.files()));
                case YANK -> yank(run, log, paths.yank(run.path()), target.backend(call.files()));
            };
        } catch (ArtifactFailure e) {
            return setupError(call, e.getMessage());
        } finally {
            if (stdinCopy != null) {
                Files.deleteIfExists(stdinCopy);
            }
        }
    }

    private static int setupError(ToolboxCall call, String message) {
        call.output().err("error: " + message);
        return 1;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
        }
        return http;
    }

    /** Where this call's artifacts go: the agent type's store, else the hub when the job has its token, else the default store. */
    private Target target(ToolboxCall call, ArtifactLog log) throws ArtifactFailure {
        String token = call.env("SEMAPHORE_ARTIFACT_TOKEN");
        if (!token.isEmpty() && call.context().artifacts().isEmpty()) {
            String organization = call.env("SEMAPHORE_ORGANIZATION_URL");
            if (organization.isEmpty()) {
                throw new ArtifactFailure("SEMAPHORE_ORGANIZATION_URL is not set");
            }
            HttpClient http = http();
            HubClient hub = new HubClient(organization, token, http, hubPolicy);
            log.debug("Hub client properly configured.");
            log.debug("* URL: " + hub.url());
            return new Target(files -> new HubBackend(hub, http, storagePolicy, files, log), null);
        }
        ArtifactStore store;
        try {
            store = stores.open(call);
        } catch (RuntimeException e) {
            throw new ArtifactFailure(e.getMessage());
        }
        String project = call.env("SEMAPHORE_PROJECT_ID");
        String prefix = (project.isEmpty() ? StoreBackend.NO_PROJECT : project) + "/";
        return new Target(files -> new StoreBackend(store, prefix, files), store);
    }

    private record Target(java.util.function.Function<JobFiles, ArtifactBackend> backends, ArtifactStore store)
            implements AutoCloseable {
        ArtifactBackend backend(JobFiles files) {
            return backends.apply(files);
        }

        @Override
        public void close() throws IOException {
            if (store != null) {
                store.close();
            }
        }
    }

    private static void expireInWarning(ArtifactLog log) {
        log.out("");
        log.out("WARNING: The --expire-in flag is obsolete and will have no efffect.");
        log.out("Use artifact retention policies to control the lifetime of artifacts.");
        log.out("Docs: https://docs.semaphoreci.com/essentials/artifacts/#artifact-retention-policies");
        log.out("");
    }

    private static Path saveStdin(ToolboxCall call) throws IOException, InterruptedException {
        Path copy = Files.createTempFile("outrider-artifact-stdin-", "");
        try (InputStream in = call.stdin().open()) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return copy;
    }

    private int push(ToolboxCall call, Run run, ArtifactLog log, RemotePaths.Resolved paths, JobFiles files,
                     ArtifactBackend backend) throws IOException, InterruptedException {
        log.debug("Pushing...");
        log.debug("* Source: " + paths.source());
        log.debug("* Destination: " + paths.destination());
        log.debug("* Force: " + run.force());
        long total = 0;
        List<Upload> uploads = new ArrayList<>();
        try {
            String local = call.resolve(paths.source());
            if (files.kind(local).isEmpty()) {
                throw new ArtifactFailure("path '" + paths.source() + "' does not exist locally");
            }
            for (JobFiles.Entry entry : files.list(local)) {
                String remote = entry.relativePath().isEmpty() ? paths.destination()
                        : RemotePaths.clean(paths.destination() + "/" + entry.relativePath());
                String file = entry.relativePath().isEmpty() ? local : local + "/" + entry.relativePath();
                uploads.add(new Upload(file, remote, entry.size()));
                total += entry.size();
            }
            backend.push(uploads, run.force());
        } catch (ArtifactFailure e) {
            log.error("Error pushing artifact: " + e.getMessage());
            return 1;
        }
        String scope = run.scope().word();
        log.info("Successfully pushed artifact for current " + scope + ".");
        log.info("* Local source: " + paths.source() + ".");
        log.info("* Remote destination: " + paths.destination() + ".");
        log.info("Pushed " + Sizes.files(uploads.size()) + ". Total of " + Sizes.format(total));
        call.context().events().toolboxTransfer("artifact push", total);
        return 0;
    }

    private int pull(ToolboxCall call, Run run, ArtifactLog log, RemotePaths.Resolved paths, ArtifactBackend backend)
            throws IOException, InterruptedException {
        log.debug("Pulling...");
        log.debug("* Source: " + paths.source());
        log.debug("* Destination: " + paths.destination());
        log.debug("* Force: " + run.force());
        int count = 0;
        long total = 0;
        try {
            List<RemoteObject> objects = backend.list(paths.source());
            List<String> locals = new ArrayList<>();
            for (RemoteObject object : objects) {
                String rest = object.path().length() > paths.source().length()
                        ? object.path().substring(paths.source().length()) : "";
                String local = RemotePaths.clean(paths.destination() + (rest.isEmpty() ? "" : "/" + rest));
                if (!run.force() && call.files().kind(call.resolve(local)).isPresent()) {
                    throw new ArtifactFailure("'" + local + "' already exists locally; delete it first, or use --force flag");
                }
                locals.add(local);
            }
            for (int i = 0; i < objects.size(); i++) {
                total += fetch(call, backend, objects.get(i), call.resolve(locals.get(i)));
                count++;
            }
        } catch (ArtifactFailure e) {
            log.error("Error pulling artifact: " + e.getMessage());
            log.error("Please check if the artifact you are trying to pull exists.");
            return 1;
        }
        String scope = run.scope().word();
        log.info("Successfully pulled artifact for current " + scope + ".");
        log.info("* Remote source: '" + paths.source() + "'.");
        log.info("* Local destination: '" + paths.destination() + "'.");
        log.info("Pulled " + Sizes.files(count) + ". Total of " + Sizes.format(total));
        call.context().events().toolboxTransfer("artifact pull", total);
        return 0;
    }

    /** Writes one object to the job's files; an object of unknown length goes through a temporary file first. */
    private static long fetch(ToolboxCall call, ArtifactBackend backend, RemoteObject object, String local)
            throws ArtifactFailure, IOException, InterruptedException {
        try (Download download = backend.download(object)) {
            if (download.size() >= 0) {
                call.files().write(local, download.content(), download.size());
                return download.size();
            }
            Path spool = Files.createTempFile("outrider-artifact-", "");
            try {
                long size = Files.copy(download.content(), spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                try (InputStream in = Files.newInputStream(spool)) {
                    call.files().write(local, in, size);
                }
                return size;
            } finally {
                Files.deleteIfExists(spool);
            }
        } catch (IOException e) {
            throw new ArtifactFailure("failed to write '" + local + "': " + e.getMessage());
        }
    }

    private static int yank(Run run, ArtifactLog log, String remote, ArtifactBackend backend)
            throws IOException, InterruptedException {
        try {
            backend.yank(remote);
        } catch (ArtifactFailure e) {
            log.error("Error yanking artifact: " + e.getMessage());
            log.error("Please check if the artifact you are trying to yank exists.");
            return 1;
        }
        log.info("Successfully yanked '" + remote + "' from current " + run.scope().word() + " artifacts.");
        return 0;
    }
}
