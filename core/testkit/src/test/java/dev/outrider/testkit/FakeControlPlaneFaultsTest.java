package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeControlPlaneFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private FakeControlPlane fake;

    @BeforeEach
    void start() {
        fake = FakeControlPlane.start().addAgentType("linux", "registration");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void failNextAnswersTheGivenStatusThatManyTimesThenServesAgain() {
        Probe probe = new Probe(fake);
        fake.failNext(Endpoint.REGISTER, 503, 2);

        HttpResponse<String> first = probe.register("registration", Probe.registration("agent-name", false, 0, 0, ""));
        HttpResponse<String> second = probe.register("registration", Probe.registration("agent-name", false, 0, 0, ""));
        HttpResponse<String> third = probe.register("registration", Probe.registration("agent-name", false, 0, 0, ""));

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("injected failure");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(fake.agents()).hasSize(1);
        assertThat(fake.requests(Endpoint.REGISTER)).extracting(RecordedRequest::status)
                .containsExactly(503, 503, 200);
    }

    @Test
    void failNextAffectsOnlyItsEndpoint() {
        Probe probe = new Probe(fake);
        String token = probe.registerAgent("registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
        fake.failNext(Endpoint.GET_JOB, 500, 1);
        fake.failNext(Endpoint.LOGS, 502, 1);
        fake.failNext(Endpoint.DISCONNECT, 404, 1);
        fake.failNext(Endpoint.REFRESH, 500, 1);

        assertThat(probe.waiting(token).getString("job_id")).isEqualTo(job);
        assertThat(probe.get(Probe.BASE + "/jobs/" + job, "Token " + token).statusCode()).isEqualTo(500);
        assertThat(probe.get(Probe.BASE + "/jobs/" + job, "Token " + token).statusCode()).isEqualTo(200);
        String logUrl = fake.jobRequest(job).getJsonObject("logger").getString("url");
        assertThat(probe.pushLogs(logUrl, fake.logToken(job), 0, "{}\n").statusCode()).isEqualTo(502);
        assertThat(probe.pushLogs(logUrl, fake.logToken(job), 0, "{}\n").statusCode()).isEqualTo(200);
        assertThat(probe.post(Probe.BASE + "/refresh", "Token " + token, null).statusCode()).isEqualTo(500);
        assertThat(probe.post(Probe.BASE + "/refresh", "Token " + token, null).statusCode()).isEqualTo(200);
        assertThat(probe.post(Probe.BASE + "/disconnect", "Token " + token, null).statusCode()).isEqualTo(404);
        assertThat(probe.post(Probe.BASE + "/disconnect", "Token " + token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void failedSyncsAreNotDecidedOn() {
        Probe probe = new Probe(fake);
        String token = probe.registerAgent("registration", "agent-name");
        String job = fake.scheduleJob(FakeControlPlane.jobWithCommands("true"));
        fake.failNext(Endpoint.SYNC, 500, 1);

        assertThat(probe.syncResponse(token, "waiting-for-jobs", "", "", 0).statusCode()).isEqualTo(500);
        assertThat(fake.agents().getFirst().syncCount()).isZero();
        assertThat(probe.waiting(token).getString("job_id")).isEqualTo(job);
    }

    @Test
    void refusedConnectionsFailDuringTheWindowAndSucceedAfterOnTheSamePort() throws Exception {
        int port = fake.port();
        Duration window = Duration.ofMillis(1500);
        long before = System.nanoTime();

        fake.refuseConnectionsFor(window);

        // what the window promises holds for a connection tried within it; on a busy machine this thread
        // may only get here after the window, when connecting is right
        boolean accepting = fake.acceptingConnections();
        long triedAfter = System.nanoTime() - before;
        boolean connected = connects(port);
        if (triedAfter < window.toNanos()) {
            assertThat(accepting).as("accepting %d ms into the window", triedAfter / 1_000_000).isFalse();
        }
        if (System.nanoTime() - before < window.toNanos()) {
            assertThat(connected).as("connected within the window").isFalse();
        }
        fake.await("listening again", FakeControlPlane::acceptingConnections, TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(window);
        assertThat(fake.port()).isEqualTo(port);
        assertThat(new Probe(fake).register("registration", Probe.registration("agent-name", false, 0, 0, ""))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void refusingClosesOpenConnections() throws Exception {
        try (Socket open = connect(fake.port())) {
            open.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = open.getInputStream();
            // a kept-alive connection that has served a request, as an agent's would be
            open.getOutputStream().write(("GET /is_alive HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: "
                    + Probe.USER_AGENT + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 404");

            fake.refuseConnections();

            assertThat(drain(in)).isEqualTo(-1);
        }
    }

    @Test
    void connectionsAreRefusedUntilAcceptedAgain() throws Exception {
        int port = fake.port();
        fake.refuseConnections();
        assertThatThrownBy(() -> connect(port).close()).isInstanceOf(ConnectException.class);

        fake.acceptConnections();

        assertThat(fake.acceptingConnections()).isTrue();
        connect(port).close();
        assertThat(new Probe(fake).register("registration", Probe.registration("agent-name", false, 0, 0, ""))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void portRefusesAsSoonAsRefuseConnectionsReturnsEveryTime() {
        // Vert.x completes a close before the JDK really closes the listening socket; the fake waits for it
        int port = fake.port();
        for (int cycle = 0; cycle < 20; cycle++) {
            fake.refuseConnections();
            assertThatThrownBy(() -> connect(port).close()).as("cycle %d", cycle).isInstanceOf(ConnectException.class);
            fake.acceptConnections();
        }
    }

    @Test
    void acceptingAgainCancelsAPendingReopen() {
        fake.refuseConnectionsFor(Duration.ofMillis(200));
        fake.acceptConnections();
        fake.refuseConnections();

        // the timer of the first window must not reopen what the second refusal closed
        assertThatThrownBy(() -> fake.await("reopened", FakeControlPlane::acceptingConnections,
                Duration.ofMillis(600))).isInstanceOf(AssertionError.class);
    }

    private static boolean connects(int port) throws java.io.IOException {
        try {
            connect(port).close();
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    /** Reads up to the blank line after the headers. */
    private static String readResponseHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int next = in.read();
            if (next < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) next);
        }
        return head.toString();
    }

    /** Skips what is left of the response body; @return the end-of-stream marker once the peer closed */
    private static int drain(InputStream in) throws java.io.IOException {
        int next;
        do {
            next = in.read();
        } while (next >= 0);
        return next;
    }

    private static Socket connect(int port) throws java.io.IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(FakeControlPlane.HOST, port), 2000);
        return socket;
    }
}
