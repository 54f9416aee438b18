package dev.outrider.toolbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outrider.event.JobEvents;
import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.config.JobSettings.CacheSettings;
import dev.outrider.plugin.PluginHost;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CallEndpoint;
import dev.outrider.toolbox.call.MissingJobFiles;
import dev.outrider.toolbox.call.TextReply;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What jobs call back into: a local HTTP channel on 127.0.0.1 that the toolbox commands put on each
 * job's {@code PATH} (the {@code cache} command of the installation's {@code toolbox/bin}) talk to,
 * the agent doing the storage side. Each job gets its own random token, valid while the job runs, so
 * one job cannot act with another job's channel. The server starts with the first job: an agent that
 * only waits runs none of it.
 */
@Singleton
public final class Toolbox implements AutoCloseable {


    private static final Logger LOG = LoggerFactory.getLogger(Toolbox.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CacheSource.Backends cacheBackends;
    private final ToolboxCommands commands;
    private final Map<String, JobChannel> channels = new ConcurrentHashMap<>();
    private HttpServer server;

    @Inject
    public Toolbox(PluginHost plugins) {
        this(plugins.cacheBackends()::get, ToolboxCommands.standard(plugins));
    }

    /** @param cacheBackends where the cache backends come from; no commands run in the agent */
    Toolbox(CacheSource.Backends cacheBackends) {
        this(cacheBackends, new ToolboxCommands(List.of()));
    }

    /**
     * @param cacheBackends where the cache backends come from
     * @param commands      the commands jobs call in the agent
     */
    Toolbox(CacheSource.Backends cacheBackends, ToolboxCommands commands) {
        this.cacheBackends = Objects.requireNonNull(cacheBackends, "cacheBackends");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /**
     * Opens a job's channel.
     *
     * @param jobId the job, for the agent's log
     * @param cache the agent type's cache setting
     * @return the channel; close it when the job ends
     */
    public Channel open(String jobId, Optional<CacheSettings> cache) {
        return open(jobId, cache, Optional.empty());
    }

    /**
     * Opens a job's channel.
     *
     * @param jobId     the job, for the agent's log
     * @param cache     the agent type's cache setting
     * @param artifacts the agent type's artifact store setting
     * @return the channel; close it when the job ends
     */
    public Channel open(String jobId, Optional<CacheSettings> cache, Optional<ArtifactSettings> artifacts) {
        return open(JobEvents.unwatched(jobId), cache, artifacts);
    }

    /**
     * Opens a job's channel whose cache transfers are published.
     *
     * @param events    the job's events (and its id)
     * @param cache     the agent type's cache setting
     * @param artifacts the agent type's artifact store setting
     * @return the channel; close it when the job ends
     */
    public Channel open(JobEvents events, Optional<CacheSettings> cache, Optional<ArtifactSettings> artifacts) {
        String jobId = events.jobId();
        String url = start();
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        AtomicReference<JobFiles> files = new AtomicReference<>();
        CallEndpoint calls = new CallEndpoint(new CallContext(jobId, cache, artifacts, events), commands.all(),
                () -> Optional.ofNullable(files.get()).orElseGet(MissingJobFiles::new));
        channels.put(token, new JobChannel(new CacheEndpoint(events, new CacheSource(cacheBackends, cache)), calls));
        return new Channel(url, token, files);
    }

    private synchronized String start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the toolbox channel on 127.0.0.1: " + e.getMessage(), e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/cache/", this::handle);
            server.createContext("/call/", this::handle);
            server.createContext("/call-stdin/", this::handle);
            server.start();
            LOG.debug("Toolbox channel on 127.0.0.1:{}", server.getAddress().getPort());
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (AbortedResponse e) {
            throw e; // the server drops the connection, the exchange left open
        } catch (IOException | RuntimeException e) {
            LOG.debug("Toolbox request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
        }
        exchange.close();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        JobChannel channel = authorization.startsWith("Bearer ") ? channels.get(authorization.substring(7)) : null;
        if (channel == null) {
            TextReply.send(exchange, 401, "this job's toolbox channel is closed, or the token is not this job's\n");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/cache/")) {
            channel.cache().handle(path.substring("/cache/".length()), query(exchange), exchange);
        } else {
            channel.calls().handle(path, exchange);
        }
    }


    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private record JobChannel(CacheEndpoint cache, CallEndpoint calls) {
    }

    /** A job's end of the toolbox: what goes into its environment. Closing it revokes the token. */
    public final class Channel implements AutoCloseable {
        private final String url;
        private final String token;
        private final AtomicReference<JobFiles> files;

        private Channel(String url, String token, AtomicReference<JobFiles> files) {
            this.url = url;
            this.token = token;
            this.files = files;
        }

        /** @param jobFiles the job's files as its executor offers them (empty: the commands that need them fail) */
        public void attach(Optional<JobFiles> jobFiles) {
            files.set(jobFiles.orElse(null));
        }

        /**
         * @param environment the job's environment so far (for its PATH)
         * @return the variables to add: the channel's URL and token, the toolbox's folder, and PATH with it first
         */
        public Map<String, String> environment(Map<String, String> environment) {
            Map<String, String> added = new HashMap<>();
            added.put(ExecutorContext.TOOLBOX_URL_VARIABLE, url);
            added.put(ExecutorContext.TOOLBOX_TOKEN_VARIABLE, token);
            toolboxBin().ifPresent(bin -> {
                String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
                added.put("PATH", bin + ":" + path);
                added.put(ExecutorContext.TOOLBOX_BIN_VARIABLE, bin.toString());
            });
            return added;
        }

        @Override
        public void close() {
            channels.remove(token);
        }

        @Override
        public String toString() {
            return "Channel[" + url + ", <redacted>]";
        }
    }

    /** @return the installation's toolbox/bin, when Outrider runs from an installation */
    static Optional<Path> toolboxBin() {
        String home = System.getProperty("outrider.home");
        if (home == null || home.isEmpty()) {
            return Optional.empty();
        }
        Path bin = Path.of(home, "toolbox", "bin");
        return Files.isDirectory(bin) ? Optional.of(bin) : Optional.empty();
    }
}
