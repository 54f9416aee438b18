package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.outrider.spi.PluginException;
import java.time.Duration;

/** Connects to an engine: its address from the option, else {@code $DOCKER_HOST}, else the local socket. */
final class EngineConnection {

    private EngineConnection() {
    }

    /** @return a client of the engine; what crashed agents left there is removed in the background */
    static DockerClient open(String host) {
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
    }
}
