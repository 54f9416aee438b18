package dev.outrider.testkit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the fake control plane serves HTTPS: the certificates it presents and the TLS protocol versions it
 * enables (e.g. only {@code "TLSv1.3"}), and whether it offers HTTP/2 through ALPN as real servers do.
 *
 * @param certificates the test CA and the server certificate for 127.0.0.1/localhost
 * @param protocols    the enabled protocol versions, as the JDK names them ({@code "TLSv1.2"}, {@code "TLSv1.3"})
 * @param http2        whether to offer {@code h2} (besides {@code http/1.1}) through ALPN
 */
public record TlsSetup(TestCertificates certificates, Set<String> protocols, boolean http2) {

    public TlsSetup {
        Objects.requireNonNull(certificates, "certificates");
        protocols = Set.copyOf(new LinkedHashSet<>(protocols));
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("enable at least one TLS protocol version");
        }
    }

    /** @return HTTPS with only the given protocol versions enabled, HTTP/2 offered */
    public static TlsSetup of(TestCertificates certificates, String... protocols) {
        return new TlsSetup(certificates, Set.copyOf(List.of(protocols)), true);
    }

    /** @return HTTPS with TLS 1.3 only */
    public static TlsSetup tls13Only(TestCertificates certificates) {
        return of(certificates, "TLSv1.3");
    }

    /** @return HTTPS with TLS 1.2 only */
    public static TlsSetup tls12Only(TestCertificates certificates) {
        return of(certificates, "TLSv1.2");
    }

    /** @return the same setup with HTTP/2 offered or not */
    public TlsSetup withHttp2(boolean offered) {
        return new TlsSetup(certificates, protocols, offered);
    }
}
