package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeControlPlaneTlsTest {

    @TempDir
    static Path folder;

    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.generate(folder.resolve("tls"));
    }

    @Test
    void certificatesAreWrittenAsPemWithLoopbackNames() throws Exception {
        assertThat(Files.readString(certificates.caPem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(certificates.serverCertPem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(certificates.serverKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(certificates.caPem()).isEqualTo(folder.resolve("tls/ca.pem"));

        X509Certificate server = certificates.serverCertificate();
        server.verify(certificates.caCertificate().getPublicKey());
        assertThat(server.getSubjectAlternativeNames())
                .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(certificates.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void tls13OnlyServerAcceptsAClientTrustingTheTestCa() {
        try (FakeControlPlane fake = FakeControlPlane.start(TlsSetup.tls13Only(certificates))) {
            fake.addAgentType("linux", "registration");

            HttpResponse<String> response = send(client(null), fake);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(fake.baseUrl()).startsWith("https://127.0.0.1:");
            assertThat(fake.endpoint()).isEqualTo("127.0.0.1:" + fake.port());
            String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
            assertThat(fake.jobRequest(job).getJsonObject("logger").getString("url"))
                    .isEqualTo("https://127.0.0.1:" + fake.port() + "/api/v1/logs/" + job);
        }
    }

    @Test
    void tls13OnlyServerRejectsAClientLimitedToTls12() {
        try (FakeControlPlane fake = FakeControlPlane.start(TlsSetup.tls13Only(certificates))) {
            fake.addAgentType("linux", "registration");
            HttpClient tls12 = client("TLSv1.2");

            assertThatThrownBy(() -> send(tls12, fake)).hasCauseInstanceOf(SSLException.class);
            assertThat(fake.agents()).isEmpty();
        }
    }

    @Test
    void tls12OnlyServerRejectsAClientLimitedToTls13AndServesTls12() {
        try (FakeControlPlane fake = FakeControlPlane.start(TlsSetup.tls12Only(certificates))) {
            fake.addAgentType("linux", "registration");

            assertThatThrownBy(() -> send(client("TLSv1.3"), fake)).hasCauseInstanceOf(SSLException.class);
            HttpResponse<String> response = send(client("TLSv1.2"), fake);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void clientNotTrustingTheTestCaIsRejected() {
        try (FakeControlPlane fake = FakeControlPlane.start(TlsSetup.tls13Only(certificates))) {
            HttpClient systemTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            assertThatThrownBy(() -> send(systemTrust, fake)).hasCauseInstanceOf(SSLException.class);
        }
    }

    @Test
    void http2IsOfferedThroughAlpnUnlessDisabled() {
        try (FakeControlPlane h2 = FakeControlPlane.start(TlsSetup.tls13Only(certificates));
             FakeControlPlane h1 = FakeControlPlane.start(TlsSetup.tls13Only(certificates).withHttp2(false))) {
            h2.addAgentType("linux", "registration");
            h1.addAgentType("linux", "registration");

            assertThat(send(client(null), h2).version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(send(client(null), h1).version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(h2.requests().getFirst().header("user-agent")).isEqualTo(Probe.USER_AGENT);
        }
    }

    /** A client trusting the test CA, limited to one protocol version unless {@code null}. */
    private static HttpClient client(String protocol) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .sslContext(certificates.clientSslContext())
                .connectTimeout(Duration.ofSeconds(5));
        if (protocol != null) {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {protocol});
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static HttpResponse<String> send(HttpClient client, FakeControlPlane fake) {
        HttpRequest register = HttpRequest.newBuilder(
                        URI.create(fake.baseUrl() + Probe.BASE + "/register"))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", Probe.USER_AGENT)
                .header("Authorization", "Token registration")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Probe.registration("tls-agent", false, 0, 0, "").encode()))
                .build();
        return new Probe(client, fake.baseUrl()).send(register);
    }
}
