package dev.outrider.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

/**
 * A real S3 server for tests: S3Proxy with its filesystem store, as a process of its own on 127.0.0.1
 * (a separate JVM, so that its many libraries stay off the tests' class path). The jar is S3Proxy's
 * {@code jar-with-dependencies} from Maven Central; the build passes its path as the system property
 * {@value #JAR_PROPERTY}.
 */
public final class S3Server implements AutoCloseable {

    /** The system property that names S3Proxy's jar. */
    public static final String JAR_PROPERTY = "s3proxy.jar";
    /** The access key the server accepts. */
    public static final String ACCESS_KEY = "outrider";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "outrider-s3-secret";

    private final Process process;
    private final Path data;
    private final String endpoint;

    private S3Server(Process process, Path data, String endpoint) {
        this.process = process;
        this.data = data;
        this.endpoint = endpoint;
    }

    /** Starts a server and waits until it accepts connections. */
    public static S3Server start() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is missing (" + JAR_PROPERTY + "=" + jar
                    + "); run the tests through Maven, which sets it");
        }
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path data = Files.createTempDirectory("outrider-s3-");
            Files.createDirectories(data.resolve("store"));
            Path properties = Files.writeString(data.resolve("s3proxy.properties"), """
                    s3proxy.endpoint=http://127.0.0.1:%d
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    jclouds.provider=filesystem
                    jclouds.filesystem.basedir=%s
                    """.formatted(port, ACCESS_KEY, SECRET_KEY, data.resolve("store")));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", jar, "org.gaul.s3proxy.Main", "--properties",
                    properties.toString()).redirectErrorStream(true)
                    .redirectOutput(data.resolve("s3proxy.log").toFile()).start();
            S3Server server = new S3Server(process, data, "http://127.0.0.1:" + port);
            server.awaitPort(port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting S3Proxy", e);
        }
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(data.resolve("s3proxy.log"));
                    close();
                    throw new IllegalStateException("S3Proxy did not start: " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    /** @return the endpoint URL, {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return endpoint;
    }

    /** Creates an empty bucket (with the filesystem store, a bucket is a folder). */
    public void bucket(String name) {
        try {
            Files.createDirectories(data.resolve("store").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return options of the {@code s3} cache backend for a bucket of this server, and a project */
    public Map<String, Object> options(String bucket, String project) {
        return Map.of("endpoint", endpoint, "bucket", bucket, "access-key", ACCESS_KEY, "secret-key", SECRET_KEY,
                "project", project);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // temporary files only
        }
    }
}
