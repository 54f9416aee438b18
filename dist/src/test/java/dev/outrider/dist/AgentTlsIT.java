package dev.outrider.dist;

import static dev.outrider.testkit.EventLogAssert.assertEventLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.TestCertificates;
import dev.outrider.testkit.TlsSetup;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `outrider start` over HTTPS (protocol.md §2): the agent speaks TLS 1.3 only, verifies the control plane's
 * certificate against the system CAs plus the PEM bundle of {@code ca-file}, and uses the same trust for the
 * log pushes of its jobs.
 */
class AgentTlsIT extends FakeControlPlaneTest {

    private static final String TOKEN = "tls-registration-token";

    private TestCertificates certificates;

    @BeforeEach
    void makeCertificates() {
        certificates = TestCertificates.generate(work.resolve("certs"));
    }

    private void startHub(TlsSetup tls) {
        startHub(tls, "linux", TOKEN);
    }

    /** Starts `outrider start --config-file` with HTTPS on; {@code caFile} is written as the `ca-file` key. */
    private Process agent(Path caFile) throws Exception {
        StringBuilder config = new StringBuilder()
                .append("endpoint: \"").append(hub.endpoint()).append("\"\n")
                .append("token: \"").append(TOKEN).append("\"\n")
                .append("no-https: false\n");
        if (caFile != null) {
            config.append("ca-file: \"").append(caFile).append("\"\n");
        }
        Path file = Files.writeString(work.resolve("agent.yml"), config);
        return agentWithConfig(file, "-Doutrider.protocol.registerAttempts=2");
    }

    @Test
    void agentTrustingTheTestCaRegistersAndRunsAJobOverTls13() throws Exception {
        startHub(TlsSetup.tls13Only(certificates));
        agent(certificates.caPem());
        hub.awaitRegistered(1, WAIT);
        String job = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo 'over tls'"));
        assertThat(hub.awaitJobFinished(job, WAIT)).isEqualTo("passed");

        assertThat(hub.jobRequest(job).getJsonObject("logger").getString("url"))
                .as("the job's log URL the agent was given").startsWith("https://");
        assertEventLog(hub.events(job), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"echo 'over tls'"}
                {"event":"cmd_output","timestamp":"*","output":"over tls\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"echo 'over tls'","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"job_finished","timestamp":"*","result":"passed"}
                """);
        assertThat(hub.logStats(job).gaps()).isZero();
        // the fake serves nothing but TLS 1.3, so every request it answered came over it
        assertThat(hub.requests()).extracting(RecordedRequest::endpoint)
                .contains(Endpoint.REGISTER, Endpoint.SYNC, Endpoint.GET_JOB, Endpoint.LOGS);
    }

    @Test
    void agentRefusesAControlPlaneThatOnlySpeaksTls12() throws Exception {
        startHub(TlsSetup.tls12Only(certificates));
        Process process = agent(certificates.caPem());
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr())
                .contains("could not register after 2 attempts")
                .contains("https://" + hub.endpoint() + "/api/v1/self_hosted_agents/register");
        assertThat(hub.requests()).as("requests the fake answered").isEmpty();
        assertThat(hub.agents()).isEmpty();
        // the refusal is the agent's choice: a client that allows TLS 1.2 and trusts the CA gets through
        assertThat(handshake("TLSv1.2", "TLSv1.3")).isEqualTo("TLSv1.2");
    }

    @Test
    void agentWithoutTheCaFileRefusesAServerItsTrustedCasDidNotSign() throws Exception {
        startHub(TlsSetup.tls13Only(certificates));
        Process process = agent(null);
        Result result = exit(process);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr())
                .contains("could not register after 2 attempts")
                .contains("https://" + hub.endpoint() + "/api/v1/self_hosted_agents/register");
        assertThat(hub.requests()).as("requests the fake answered").isEmpty();
        assertThat(hub.agents()).isEmpty();
        // the refusal is about trust: a client trusting the CA gets through
        assertThat(handshake("TLSv1.3")).isEqualTo("TLSv1.3");
    }

    /** @return the protocol a handshake with the fake negotiates, for a client trusting the test CA */
    private String handshake(String... protocols) throws Exception {
        try (SSLSocket socket = (SSLSocket) certificates.clientSslContext().getSocketFactory()
                .createSocket(FakeControlPlane.HOST, hub.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols);
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }
}
