package dev.outrider.kubernetes.pod;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which agent process made a job's objects, written on them as annotations, and how an agent that
 * starts tells whether that process is gone (so its objects are leftovers) or alive (so they are
 * another live agent's, never touched):
 * <ul>
 * <li>same host (machine or pod): the process by pid and start time (a reused pid is not the owner);</li>
 * <li>another pod of the namespace: that pod by name and uid, gone when deleted, replaced or finished;</li>
 * <li>anything else (an agent on another machine): never judged gone.</li>
 * </ul>
 *
 * @param host      this process's host name ({@code $HOSTNAME}: the pod's name in a cluster)
 * @param process   this process, as {@code pid/start-millis}
 * @param pod       the agent's pod name and uid when it runs in a pod of the namespace
 */
public record AgentIdentity(String host, String process, Optional<Map.Entry<String, String>> pod) {

    /** The annotation with the owning process: {@code host/pid/start-millis}. */
    public static final String AGENT = "outrider.dev/agent";
    /** The annotation with the owning agent's pod: {@code name/uid}. */
    public static final String AGENT_POD = "outrider.dev/agent-pod";

    /** The state of an agent's pod as the sweep sees it. */
    public enum PodState { RUNNING, FINISHED, GONE }

    /** @return this process's identity */
    public static AgentIdentity current(Map<String, String> environment, Optional<Map.Entry<String, String>> pod) {
        ProcessHandle self = ProcessHandle.current();
        return new AgentIdentity(host(environment), self.pid() + "/" + startMillis(self), pod);
    }

    /** @return this process's identity, with its pod when it runs in one of the cluster's namespace */
    public static AgentIdentity of(dev.outrider.kubernetes.api.JobCluster cluster, Map<String, String> environment) {
        return current(environment, cluster.agentPod().map(ref -> Map.entry(ref.getName(), ref.getUid())));
    }

    /** @return the annotations for the objects this process makes */
    public Map<String, String> annotations() {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(AGENT, host + "/" + process);
        pod.ifPresent(p -> annotations.put(AGENT_POD, p.getKey() + "/" + p.getValue()));
        return annotations;
    }

    /**
     * @param annotations an object's annotations
     * @param pods        the state of a pod by name and uid
     * @return whether the agent that made the object is gone
     */
    public boolean ownerIsGone(Map<String, String> annotations, Function<Map.Entry<String, String>, PodState> pods) {
        String owner = annotations == null ? null : annotations.get(AGENT);
        if (owner == null) {
            return false; // not ours to judge
        }
        String[] parts = owner.split("/");
        if (parts.length == 3 && parts[0].equals(host)) {
            return processIsGone(parts[1], parts[2]);
        }
        String agentPod = annotations.get(AGENT_POD);
        String[] named = agentPod == null ? new String[0] : agentPod.split("/");
        return named.length == 2 && pods.apply(Map.entry(named[0], named[1])) != PodState.RUNNING;
    }

    private static boolean processIsGone(String pid, String started) {
        try {
            long startedMillis = Long.parseLong(started);
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> startMillis(p) != startedMillis).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String host(Map<String, String> environment) {
        String host = environment.getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host.replace('/', '_');
    }
}
