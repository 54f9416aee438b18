package dev.outrider.protocol;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP client every call to Semaphore goes through: HTTP/1.1, HTTPS with TLS 1.3 only and
 * certificate and host name verification, trusting the system's CAs plus, optionally, a PEM bundle
 * of extra CAs.
 */
public final class HttpTransport implements AutoCloseable {

    /** The only TLS version spoken. */
    public static final String TLS_VERSION = "TLSv1.3";

    private final WebClient client;
    private final ProxySettings proxies;

    private HttpTransport(WebClient client, ProxySettings proxies) {
        this.client = client;
        this.proxies = proxies;
    }

    /**
     * @param vertx  the Vert.x instance
     * @param caFile  a PEM bundle of CAs to trust besides the system's
     * @param proxies the proxies to go through
     * @return the transport
     * @throws IllegalArgumentException naming the file when the bundle cannot be read
     */
    public static HttpTransport create(Vertx vertx, Optional<Path> caFile, ProxySettings proxies) {
        WebClientOptions options = new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setUseAlpn(false)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setEnabledSecureTransportProtocols(Set.of(TLS_VERSION))
                .setConnectTimeout(30_000)
                .setKeepAlive(true)
                .setUserAgentEnabled(false)
                .setFollowRedirects(true)
                .setMaxRedirects(10)
                .setDecompressionSupported(true);
        if (caFile.isPresent()) {
            options.setTrustOptions(TrustOptions.wrap(trustManager(caFile.get())));
        }
        return new HttpTransport(WebClient.create(vertx, options), proxies);
    }

    /**
     * Starts a request, through the environment's proxy when one applies to the URL.
     *
     * @param method the HTTP method
     * @param url    the absolute URL
     * @return the request, ready for headers and sending
     */
    public io.vertx.ext.web.client.HttpRequest<io.vertx.core.buffer.Buffer> request(
            io.vertx.core.http.HttpMethod method, String url) {
        io.vertx.ext.web.client.HttpRequest<io.vertx.core.buffer.Buffer> request = client.requestAbs(method, url);
        proxies.forUrl(url).ifPresent(request::proxy);
        return request;
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
