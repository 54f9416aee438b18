package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.testkit.controlplane.Endpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broken Secrets, refused tokens and an unreachable control plane: named, without secrets, the rest working. */
class ControllerProblemsTest extends WithControllerRig {

    @Test
    void namesASecretWithoutARegistrationTokenAndKeepsServingTheOtherTypes() {
        rig.secret("broken-agents", Map.of("agentTypeName", "broken"));
        rig.secret("nameless-agents", Map.of("registrationToken", "nameless-token"));
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.start(rig.settings());
        String jobId = rig.queue("linux");

        rig.awaitJob(jobId);
        rig.awaitTicks(3);

        assertThat(rig.log.containing("ERROR agent-type Secret 'broken-agents': no key 'registrationToken'"))
                .hasSize(1);
        assertThat(rig.log.containing("ERROR agent-type Secret 'nameless-agents': no key 'agentTypeName'"))
                .hasSize(1);
        assertThat(rig.log.lines()).noneMatch(line -> line.contains("nameless-token"));
        assertThat(rig.log.containing("INFO agent types: linux (Secret linux-agents)")).hasSize(1);
    }

    @Test
    void namesABadMaxParallelJobsKeyOfASecret() {
        rig.agentType("mac-agents", "mac", "mac-token", "maxParallelJobs", "lots");
        rig.start(rig.settings());

        rig.await("the Secret reported", () -> !rig.log.containing("'mac-agents': key 'maxParallelJobs' is 'lots'")
                .isEmpty());
    }

    @Test
    void reportsARefusedTokenByTypeAndSecretWithoutTheTokenAndKeepsServingTheOtherTypes() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.secret("stale-agents", Map.of("agentTypeName", "stale", "registrationToken", "stale-token-0123456789"));
        rig.start(rig.settings());
        String jobId = rig.queue("linux");

        rig.awaitJob(jobId);
        rig.awaitTicks(3);

        assertThat(rig.log.containing("ERROR queue of agent type 'stale' at http://" + rig.hub.endpoint()
                + "/api/v1/self_hosted_agents/jobs: answered 401: Semaphore does not accept the registrationToken of"
                + " Secret 'stale-agents'")).hasSize(1);
        assertThat(rig.log.lines()).noneMatch(line -> line.contains("stale-token-0123456789"));
    }

    @Test
    void saysWhenARefusedTokenIsAcceptedAgain() {
        rig.secret("linux-agents", Map.of("agentTypeName", "linux", "registrationToken", "linux-token"));
        rig.start(rig.settings());
        rig.await("the 401 reported", () -> !rig.log.containing("answered 401").isEmpty());

        rig.hub.addAgentType("linux", "linux-token");

        rig.await("recovery reported", () -> !rig.log.containing("queue of agent type 'linux' answers again")
                .isEmpty());
    }

    @Test
    void reportsAFailingQueueAndTakesItsJobsOnceItAnswersAgain() {
        rig.agentType("linux-agents", "linux", "linux-token");
        rig.hub.failNext(Endpoint.LIST_JOBS, 503, 2);
        String jobId = rig.queue("linux");
        rig.start(rig.settings());

        rig.awaitJob(jobId);

        assertThat(rig.log.containing("ERROR queue of agent type 'linux' at http://" + rig.hub.endpoint()
                + "/api/v1/self_hosted_agents/jobs: answered 503: injected failure")).hasSize(1);
        assertThat(rig.log.containing("INFO queue of agent type 'linux' answers again")).hasSize(1);
    }

    @Test
    void reportsAnUnreachableEndpointAndKeepsTidyingJobs() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        rig.agentType("linux-agents", "linux", "linux-token");
        String jobId = rig.queue("linux");
        rig.start(rig.settings());
        rig.awaitJob(jobId);
        rig.stop();

        rig.start(rig.settings("SEMAPHORE_ENDPOINT", "127.0.0.1:" + closedPort));
        rig.await("the unreachable queue reported", () -> !rig.log.containing("queue of agent type 'linux' at http://"
                + "127.0.0.1:" + closedPort + "/api/v1/self_hosted_agents/jobs: cannot connect").isEmpty());
        rig.finish(jobId, true, rig.clock.instant());

        rig.awaitNoJob(jobId);
        rig.awaitTicks(2);
        assertThat(rig.log.containing("cannot connect")).hasSize(1);
    }

    @Test
    void saysWhenThereAreNoAgentTypesOnce() {
        rig.start(rig.settings());

        rig.awaitTicks(3);

        assertThat(rig.log.containing("no agent-type Secrets (label semaphoreci.com/resource-type="
                + "agent-type-configuration) in namespace 'ci': nothing to poll")).hasSize(1);
    }
}
