package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.PluginException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;

/**
 * The {@code docker} executor: each job in containers, through the Docker Engine API. One engine
 * client per engine address, shared by the agents of this process; on first use of an engine, what
 * crashed agents of this machine left there is removed ({@link Leftovers}).
 */
@Extension
public final class DockerExecutorFactory implements JobExecutorFactory {

    /** The executor's id. */
    public static final String NAME = "docker";

    private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "runs each job in Docker containers (a main container with a persistent bash, service containers)";
    }

    @Override
    public JobExecutor create(ExecutorContext context) {
        DockerOptions options = DockerOptions.parse(context.options());
        return new DockerExecutor(client(options.dockerHost()), options, context);
    }

    private DockerClient client(String dockerHost) {
        return clients.computeIfAbsent(dockerHost, host -> {
            DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
            if (!host.isEmpty()) {
                builder.withDockerHost(host);
            }
            DockerClientConfig config;
            try {
                config = builder.build();
            } catch (RuntimeException e) {
                throw new PluginException("executor 'docker': cannot use the Docker engine address '" + host + "': "
                        + e.getMessage() + "; use unix:///path/to/docker.sock or tcp://host:port");
            }
            DockerClient client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(30)).maxConnections(64).build());
            Thread.ofVirtual().name("docker-leftovers").start(() -> Leftovers.remove(client));
            return client;
        });
    }
}
