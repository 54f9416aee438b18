package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One engine client per engine address, made on first use and shared by the agents of the process;
 * the first use of an engine also removes what crashed agents of this machine left there.
 */
final class Engines {

    private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

    /** @param dockerHost the engine's address; empty: {@code $DOCKER_HOST}, else the local socket */
    DockerClient client(String dockerHost) {
        // the connecting code lives in its own class: verifying it loads docker-java's classes, which
        // opens the plugin's libraries, and an agent that never runs a Docker job should not pay for that
        return clients.computeIfAbsent(dockerHost, EngineConnection::open);
    }
}
