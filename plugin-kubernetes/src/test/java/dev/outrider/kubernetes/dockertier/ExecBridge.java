package dev.outrider.kubernetes.dockertier;

import dev.outrider.kubernetes.testing.ClosesOffTheEventLoop;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mock API server's dispatcher: pod exec requests become WebSocket streams into the pod's Docker
 * container ({@link ExecSession}); everything else goes to fabric8's CRUD dispatcher with expectations
 * (for injected faults). It can cut every open stream, as a lost connection would.
 */
public final class ExecBridge extends Dispatcher {

    private final KubernetesMixedDispatcher api;
    private final Set<ExecSession> open = ConcurrentHashMap.newKeySet();

    private final DockerCli docker;

    ExecBridge(Map<ServerRequest, Queue<ServerResponse>> expectations, DockerCli docker) {
        this.docker = docker;
        this.api = new KubernetesMixedDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!ExecRequest.matches(request.getPath())) {
            return ClosesOffTheEventLoop.wrap(api.dispatch(request));
        }
        ExecRequest exec = ExecRequest.parse(request.getPath());
        String container = exec.container() != null ? exec.pod() + "--" + exec.container() : onlyContainer(exec);
        DockerCli.Result state = docker.run("container", "inspect", "--format", "{{.State.Running}}", container);
        if (!state.ok() || !"true".equals(state.out().strip())) {
            // as the API server answers before any upgrade: the stream never opens
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                    + "\"status\":\"Failure\",\"message\":\"container " + container + " is not running\",\"reason\":\"BadRequest\","
                    + "\"code\":400}");
        }
        ExecSession session = new ExecSession(exec, container, open::remove);
        open.add(session);
        return new MockResponse().setResponseCode(101).addHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
                .withWebSocketUpgrade(session);
    }

    /** Without a container parameter a pod of one container is meant (the API server refuses more). */
    private String onlyContainer(ExecRequest exec) {
        String names = docker.run("ps", "--filter", "label=" + ContainerRunArgs.POD_LABEL + "=" + exec.namespace() + "/" + exec.pod(),
                "--format", "{{.Names}}").out().strip();
        return names.contains("\n") || names.isEmpty() ? exec.pod() + "--?" : names;
    }

    /** Cuts every open exec stream without a status frame. @return how many were open */
    public int cutStreams() {
        List<ExecSession> sessions = List.copyOf(open);
        sessions.forEach(ExecSession::cut);
        return sessions.size();
    }

    /** @return how many exec streams are open */
    public int openStreams() {
        return open.size();
    }

    @Override
    public void shutdown() {
        open.forEach(ExecSession::cut);
        api.shutdown();
    }
}
