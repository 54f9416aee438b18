package dev.outrider.protocol;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP client every call to Semaphore goes through: HTTP/1.1, HTTPS with TLS 1.3 only and
 * certificate and host name verification, trusting the system's CAs plus, optionally, a PEM bundle
 * of extra CAs.
 *
 * <p>Every call has a total deadline (connecting, redirects and the whole answer; 30 s, as the
 * protocol says) and a limit on its answer's body, gzip-decompressed size included, so that a
 * slow, huge or endless answer fails that call and nothing else: the event loop it shares with
 * the other agents of the process never holds more than the limit. Redirects are followed as
 * {@link Redirect} says: credentials stay with their origin, https never turns into http.
 */
public final class HttpTransport implements AutoCloseable {

    /** The only TLS version spoken. */
    public static final String TLS_VERSION = "TLSv1.3";

    /** How long one call may take, from connecting to the last byte of the answer, redirects included. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Context context;
    private final HttpClientAgent client;
    private final ProxySettings proxies;
    private final Duration deadline;

    private HttpTransport(Vertx vertx, HttpClientAgent client, ProxySettings proxies, Duration deadline) {
        this.vertx = vertx;
        // Every call starts on this one context, so the answer's head and body events arrive on the
        // thread that set the body handlers: with callers' threads they could pass each other.
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.proxies = proxies;
        this.deadline = deadline;
    }

    /**
     * @param vertx  the Vert.x instance
     * @param caFile  a PEM bundle of CAs to trust besides the system's
     * @param proxies the proxies to go through
     * @return the transport, with the protocol's 30 s deadline per call
     * @throws IllegalArgumentException naming the file when the bundle cannot be read
     */
    public static HttpTransport create(Vertx vertx, Optional<Path> caFile, ProxySettings proxies) {
        return create(vertx, caFile, proxies, DEFAULT_DEADLINE);
    }

    /**
     * @param deadline how long one call may take in all
     * @see #create(Vertx, Optional, ProxySettings)
     */
    public static HttpTransport create(Vertx vertx, Optional<Path> caFile, ProxySettings proxies, Duration deadline) {
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setUseAlpn(false)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setEnabledSecureTransportProtocols(Set.of(TLS_VERSION))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, deadline.toMillis()))
                .setKeepAlive(true)
                // decompressed by BoundedBody, within the limit, not by Netty into unbounded memory
                .setDecompressionSupported(false);
        if (caFile.isPresent()) {
            options.setTrustOptions(TrustOptions.wrap(trustManager(caFile.get())));
        }
        return new HttpTransport(vertx, vertx.createHttpClient(options), Objects.requireNonNull(proxies, "proxies"),
                deadline);
    }

    /**
     * Makes a call, through the environment's proxy when one applies to the URL, following
     * redirects. Sends {@code Accept-Encoding: gzip}, as Go's client does, and inflates a gzip answer.
     *
     * @return the answer; fails when none came in time, the body passed the call's limit, or a
     *         redirect was refused. A failure never throws, even for a malformed URL
     */
    public Future<HttpAnswer> send(HttpCall call) {
        Promise<HttpAnswer> answer = Promise.promise();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (answer.tryFail("no complete answer within " + deadline.toSeconds() + " s, the deadline for one call"
                    + " (redirects and the whole body included)")) {
                HttpClientRequest request = inFlight.get();
                if (request != null) {
                    request.reset();
                }
            }
        });
        answer.future().onComplete(done -> vertx.cancelTimer(timer));
        context.runOnContext(start -> {
            try {
                attempt(call, call, Redirect.MAX_REDIRECTS, answer, inFlight);
            } catch (RuntimeException e) {
                answer.tryFail(e);
            }
        });
        return answer.future();
    }

    private void attempt(HttpCall original, HttpCall call, int redirectsLeft, Promise<HttpAnswer> answer,
                         AtomicReference<HttpClientRequest> inFlight) {
        RequestOptions options = new RequestOptions().setMethod(call.method()).setAbsoluteURI(call.url())
                .setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(call.headers())
                        .set("Accept-Encoding", "gzip"));
        proxies.forUrl(call.url()).ifPresent(options::setProxyOptions);
        client.request(options)
                .compose(request -> {
                    inFlight.set(request);
                    if (answer.future().isComplete()) {
                        request.reset();
                        return Future.failedFuture("the call is over");
                    }
                    return call.body().isPresent() ? request.send(call.body().get()) : request.send();
                })
                .onFailure(answer::tryFail)
                .onSuccess(response -> {
                    String location = response.getHeader("Location");
                    if (Redirect.applies(response.statusCode(), location)) {
                        response.exceptionHandler(ignored -> { }); // the reset below is ours
                        response.request().reset();
                        if (redirectsLeft == 0) {
                            answer.tryFail("stopped after " + Redirect.MAX_REDIRECTS + " redirects");
                            return;
                        }
                        try {
                            attempt(original, Redirect.next(original, call, response.statusCode(), location),
                                    redirectsLeft - 1, answer, inFlight);
                        } catch (RuntimeException e) {
                            answer.tryFail(e);
                        }
                        return;
                    }
                    receive(response, call.bodyLimit(), answer);
                });
    }

    private void receive(HttpClientResponse response, long limit, Promise<HttpAnswer> answer) {
        String length = response.getHeader("Content-Length");
        String encoding = response.getHeader("Content-Encoding");
        BoundedBody body = new BoundedBody(limit, encoding != null && encoding.strip().equalsIgnoreCase("gzip"));
        response.exceptionHandler(answer::tryFail);
        try {
            if (length != null && Long.parseLong(length.strip()) > limit) {
                throw new BoundedBody.BodyTooLargeException(limit);
            }
        } catch (NumberFormatException e) {
            // a malformed length is Netty's to refuse; the limit still holds while reading
        } catch (BoundedBody.BodyTooLargeException e) {
            answer.tryFail(e); // first: the reset fails the answer too, with a message that says less
            response.request().reset();
            return;
        }
        response.handler(chunk -> {
            if (answer.future().isComplete()) {
                return;
            }
            try {
                body.append(chunk);
            } catch (BoundedBody.BodyTooLargeException e) {
                answer.tryFail(e);
                response.request().reset();
            }
        });
        response.endHandler(end -> {
            if (answer.future().isComplete()) {
                return;
            }
            if (!body.compressed()) {
                answer.tryComplete(new HttpAnswer(response.statusCode(), body.received()));
                return;
            }
            vertx.executeBlocking(body::finish, false)
                    .onSuccess(inflated -> answer.tryComplete(new HttpAnswer(response.statusCode(), inflated)))
                    .onFailure(answer::tryFail);
        });
    }

    @Override
    public void close() {
        client.close();
    }

    private static TrustManager trustManager(Path caFile) {
        try {
            X509TrustManager system = x509(null);
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int i = 0;
            for (X509Certificate certificate : readPem(caFile)) {
                extra.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("'" + caFile + "' holds no PEM certificate; give a bundle of "
                        + "-----BEGIN CERTIFICATE----- blocks");
            }
            return new EitherTrustManager(List.of(system, x509(extra)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA bundle '" + caFile + "': " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("'" + caFile + "' is not a PEM bundle of CA certificates: "
                    + e.getMessage(), e);
        }
    }

    private static Collection<X509Certificate> readPem(Path file) throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        }
        return certificates;
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server that any of its trust managers trusts. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final List<X509TrustManager> managers;

        EitherTrustManager(List<X509TrustManager> managers) {
            this.managers = managers;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the agent does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>();
            for (X509TrustManager manager : managers) {
                all.addAll(List.of(manager.getAcceptedIssuers()));
            }
            return all.toArray(X509Certificate[]::new);
        }
    }
}
