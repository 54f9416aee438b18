package dev.outrider.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority and a server certificate it signed, made at test time (EC P-256 keys, valid from
 * a day ago for 30 days), written as PEM files to a folder:
 * <ul>
 *   <li>{@code ca.pem} — the CA certificate: what a client (e.g. an agent) must trust;</li>
 *   <li>{@code server-cert.pem} — the server certificate, subject {@code CN=localhost}, subject alternative
 *       names IP {@code 127.0.0.1} and DNS {@code localhost}, extended key usage {@code serverAuth};</li>
 *   <li>{@code server-key.pem} — its private key, PKCS#8.</li>
 * </ul>
 */
public final class TestCertificates {

    private final Path directory;
    private final X509Certificate ca;
    private final X509Certificate server;

    private TestCertificates(Path directory, X509Certificate ca, X509Certificate server) {
        this.directory = directory;
        this.ca = ca;
        this.server = server;
    }

    /**
     * Makes a CA and a server certificate and writes them to {@code directory} (created if needed).
     *
     * @param directory where to write {@code ca.pem}, {@code server-cert.pem} and {@code server-key.pem}
     * @return the certificates
     */
    public static TestCertificates generate(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofDays(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(30)));
            SecureRandom random = new SecureRandom();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            KeyPair caKeys = ecKeyPair();
            X500Name caName = new X500Name("CN=Outrider Test CA " + Long.toHexString(random.nextLong()));
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName,
                    new BigInteger(64, random), notBefore, notAfter, caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(caBuilder, caKeys.getPrivate());

            KeyPair serverKeys = ecKeyPair();
            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(ca,
                    new BigInteger(64, random), notBefore, notAfter, new X500Name("CN=localhost"),
                    serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca));
            X509Certificate server = sign(serverBuilder, caKeys.getPrivate());

            Files.writeString(directory.resolve("ca.pem"), pem(ca), StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve("server-cert.pem"), pem(server), StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve("server-key.pem"),
                    pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)), StandardCharsets.US_ASCII);
            return new TestCertificates(directory, ca, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make test certificates: " + e.getMessage(), e);
        }
    }

    /** @return the folder holding the PEM files */
    public Path directory() {
        return directory;
    }

    /** @return {@code ca.pem}: the CA certificate to configure a client to trust */
    public Path caPem() {
        return directory.resolve("ca.pem");
    }

    /** @return {@code server-cert.pem} */
    public Path serverCertPem() {
        return directory.resolve("server-cert.pem");
    }

    /** @return {@code server-key.pem} (PKCS#8) */
    public Path serverKeyPem() {
        return directory.resolve("server-key.pem");
    }

    /** @return the CA certificate */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** @return the server certificate */
    public X509Certificate serverCertificate() {
        return server;
    }

    /** @return an in-memory trust store (PKCS#12) holding only the CA certificate */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("outrider-test-ca", ca);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an SSL context (for clients) that trusts the test CA and nothing else */
    public SSLContext clientSslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
