package dev.outrider.s3cache;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real S3 server for the tests: S3Proxy with its filesystem store, as a process of its own on
 * 127.0.0.1 (its jar comes from Maven Central; the pom passes its path as {@code s3proxy.jar}).
 */
final class TestS3 implements AutoCloseable {

    static final String ACCESS_KEY = "outrider";
    static final String SECRET_KEY = "outrider-s3-secret";

    private final Process process;
    private final Path data;
    final String endpoint;

    private TestS3(Process process, Path data, String endpoint) {
        this.process = process;
        this.data = data;
        this.endpoint = endpoint;
    }

    static TestS3 start() throws Exception {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is missing (" + jar + "); run the tests through Maven");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = Files.createTempDirectory("outrider-s3-");
        Path properties = Files.writeString(data.resolve("s3proxy.properties"), """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem
                jclouds.filesystem.basedir=%s
                """.formatted(port, ACCESS_KEY, SECRET_KEY, data.resolve("store")));
        Files.createDirectories(data.resolve("store"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", jar, "org.gaul.s3proxy.Main", "--properties",
                properties.toString()).redirectErrorStream(true).redirectOutput(data.resolve("s3proxy.log").toFile()).start();
        TestS3 server = new TestS3(process, data, "http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("S3Proxy did not start: " + Files.readString(data.resolve("s3proxy.log")));
                }
                Thread.sleep(100);
            }
        }
        return server;
    }

    /** Creates a bucket. */
    void bucket(String name) throws Exception {
        MinioClient.builder().endpoint(endpoint).credentials(ACCESS_KEY, SECRET_KEY).region("us-east-1").build()
                .makeBucket(MakeBucketArgs.builder().bucket(name).build());
    }

    /** @return backend options for a bucket and project, with this server's endpoint and keys */
    Map<String, Object> options(String bucket, String project) {
        return Map.of("endpoint", endpoint, "bucket", bucket, "access-key", ACCESS_KEY, "secret-key", SECRET_KEY,
                "project", project);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (InterruptedException | IOException e) {
            // temporary files only
        }
    }
}
