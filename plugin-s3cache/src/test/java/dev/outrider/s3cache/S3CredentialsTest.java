package dev.outrider.s3cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.PluginException;
import dev.outrider.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the s3 backend's credentials and region come from: a profile of AWS's files, or the instance's
 * role through the metadata service (a fake on 127.0.0.1), against a real S3 server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CredentialsTest {

    private static final String BUCKET = "semaphore-cache";

    private S3Server s3;
    private HttpServer metadata;
    private final List<String> metadataRequests = new CopyOnWriteArrayList<>();

    @TempDir
    Path home;

    @BeforeAll
    void startServers() throws Exception {
        s3 = S3Server.start();
        s3.bucket(BUCKET);
        metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metadata.createContext("/", this::answerMetadata);
        metadata.start();
    }

    @AfterAll
    void stopServers() {
        if (s3 != null) {
            s3.close();
        }
        if (metadata != null) {
            metadata.stop(0);
        }
    }

    @AfterEach
    void forgetRequests() {
        metadataRequests.clear();
    }

    /** IMDSv2 as EC2 answers it: a session token, then values only for requests carrying it. */
    private void answerMetadata(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        metadataRequests.add(exchange.getRequestMethod() + " " + path);
        String body;
        if (exchange.getRequestMethod().equals("PUT") && path.equals("/latest/api/token")) {
            body = "session-token-1";
        } else if (!"session-token-1".equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
            body = null;
        } else {
            body = switch (path) {
                case "/latest/meta-data/placement/region" -> "eu-north-1";
                case "/latest/meta-data/iam/security-credentials/" -> "ci-runner-role";
                case "/latest/meta-data/iam/security-credentials/ci-runner-role" -> "{\"Code\": \"Success\", "
                        + "\"AccessKeyId\": \"" + S3Server.ACCESS_KEY + "\", \"SecretAccessKey\": \"" + S3Server.SECRET_KEY
                        + "\", \"Token\": \"role-session\", \"Expiration\": \"2099-01-01T00:00:00Z\"}";
                default -> null;
            };
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(body == null ? 401 : 200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String metadataUrl() {
        return "http://127.0.0.1:" + metadata.getAddress().getPort();
    }

    private Map<String, Object> options(Map<String, Object> credentials) {
        Map<String, Object> options = new HashMap<>(s3.options(BUCKET, "project-1"));
        options.remove("access-key");
        options.remove("secret-key");
        options.putAll(credentials);
        return options;
    }

    private static boolean works(CacheBackend cache, String key) throws IOException {
        cache.store(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        return cache.size(key).orElse(-1) == 3;
    }

    @Test
    void aNamedProfileOfACredentialsFileSignsTheRequests() throws Exception {
        Path file = Files.writeString(home.resolve("s3-credentials"), "[default]\naws_access_key_id = nobody\n"
                + "aws_secret_access_key = wrong\n\n[ci]\n# the runners' account\naws_access_key_id = " + S3Server.ACCESS_KEY
                + "\naws_secret_access_key = " + S3Server.SECRET_KEY + "\n");
        var factory = new S3CacheBackendFactory(Map.of());

        assertThat(works(factory.create(options(Map.of("credentials-file", file.toString(), "profile", "ci"))),
                "from-file-profile")).isTrue();
        assertThatThrownBy(() -> factory.create(options(Map.of("credentials-file", file.toString()))).has("k"))
                .as("without a profile: [default]").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> factory.prepare(options(Map.of("credentials-file", file.toString(), "profile", "cd"))))
                .isInstanceOf(PluginException.class)
                .hasMessage("cache backend 's3': option 'profile': no profile 'cd' in " + file + " (it has default, ci)");
    }

    @Test
    void aNamedProfileIsLookedUpInTheSharedFilesOfTheAgentsHome() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile ci]\nregion = eu-west-3\naws_access_key_id = "
                + S3Server.ACCESS_KEY + "\naws_secret_access_key = " + S3Server.SECRET_KEY + "\n");
        var factory = new S3CacheBackendFactory(Map.of("HOME", home.toString()));

        assertThat(works(factory.create(options(Map.of("profile", "ci"))), "from-home-profile")).isTrue();
        assertThatThrownBy(() -> factory.prepare(options(Map.of("profile", "release"))))
                .hasMessage("cache backend 's3': option 'profile': no profile 'release' with credentials in "
                        + home.resolve(".aws/credentials") + " or " + home.resolve(".aws/config")
                        + "; add it there, or name an existing one");
    }

    @Test
    void theInstanceProfileTakesTheRolesTemporaryCredentialsFromTheMetadataService() throws Exception {
        var factory = new S3CacheBackendFactory(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", metadataUrl()));

        assertThat(works(factory.create(options(Map.of("instance-profile", "true"))), "from-role")).isTrue();
        assertThat(metadataRequests).contains("PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/ci-runner-role");
    }

    @Test
    void onAwsTheInstancesRegionComesFromTheMetadataServiceAndOtherwiseFromTheEnvironmentOrConfig() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = ap-south-1\n[profile ci]\nregion = eu-west-3\n");
        Map<String, String> environment = Map.of("HOME", home.toString(), "AWS_EC2_METADATA_SERVICE_ENDPOINT", metadataUrl());

        S3Options instance = S3Options.parse(Map.of("bucket", "bkt", "instance-profile", "true"), environment);
        assertThat(instance.regionFromMetadata()).isTrue();
        assertThat(new InstanceMetadata(new OkHttpClient(), instance.metadataEndpoint()).region()).hasValue("eu-north-1");
        assertThat(new InstanceMetadata(new OkHttpClient(), "http://127.0.0.1:9").region()).as("no service").isEmpty();

        assertThat(S3Options.parse(Map.of("bucket", "bkt"), environment).region()).isEqualTo("ap-south-1");
        assertThat(S3Options.parse(Map.of("bucket", "bkt", "profile", "ci", "access-key", "a", "secret-key", "s"),
                environment).region()).isEqualTo("eu-west-3");
        assertThat(S3Options.parse(Map.of("bucket", "bkt"), Map.of("HOME", home.toString(), "AWS_PROFILE", "ci"))
                .region()).isEqualTo("eu-west-3");
        assertThat(S3Options.parse(Map.of("bucket", "bkt"), Map.of("HOME", home.toString(), "AWS_REGION", "us-west-2"))
                .region()).isEqualTo("us-west-2");
        assertThat(S3Options.parse(Map.of("bucket", "bkt"), Map.of("HOME", home.resolve("none").toString())).region())
                .isEqualTo("us-east-1");
        assertThat(S3Options.parse(Map.of("bucket", "bkt", "endpoint", "http://minio:9000", "instance-profile", "true"),
                environment)).extracting(S3Options::region, S3Options::regionFromMetadata).containsExactly("auto", false);
        assertThatThrownBy(() -> S3Options.parse(Map.of("bucket", "bkt", "instance-profile", "yes"), environment))
                .hasMessage("cache backend 's3': option 'instance-profile': 'yes' is not valid; use true or false");
    }
}
