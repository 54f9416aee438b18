package dev.outrider.s3cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackend.Entry;
import dev.outrider.spi.PluginException;
import dev.outrider.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The s3 backend against a real S3 server (S3Proxy on 127.0.0.1). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CacheBackendTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private S3Server s3;
    private String bucket;

    @BeforeAll
    void startServer() throws Exception {
        s3 = S3Server.start();
    }

    @AfterAll
    void stopServer() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void freshBucket() throws Exception {
        bucket = "semaphore-cache-" + BUCKETS.incrementAndGet();
        s3.bucket(bucket);
    }

    private CacheBackend backend(String project) {
        return new S3CacheBackendFactory().create(s3.options(bucket, project));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] restored(CacheBackend backend, String key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(backend.restore(key, out)).as("restore of " + key).isTrue();
        return out.toByteArray();
    }

    @Test
    void storesListsRestoresAndDeletesArchivesOfAProject() throws Exception {
        CacheBackend cache = backend("project-1");
        byte[] archive = bytes(100_000, 1);

        assertThat(cache.has("gems-master")).isFalse();
        assertThat(cache.size("gems-master")).isEmpty();
        assertThat(cache.store("gems-master", new ByteArrayInputStream(archive))).isTrue();
        assertThat(cache.size("gems-master")).hasValue(100_000L);
        // S3 times have one-second precision: wait until the next store is visibly newer
        java.time.Instant firstStored = cache.list().get(0).storedAt();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!java.time.Instant.now().isAfter(firstStored.plusSeconds(1)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cache.store("node-modules-main", new ByteArrayInputStream(bytes(10, 2)))).isTrue();

        assertThat(cache.has("gems-master")).isTrue();
        assertThat(restored(cache, "gems-master")).isEqualTo(archive);
        assertThat(cache.list()).extracting(Entry::key).containsExactly("node-modules-main", "gems-master");
        assertThat(cache.list()).extracting(Entry::size).containsExactly(10L, 100_000L);
        assertThat(cache.usage().usedBytes()).isEqualTo(100_010L);
        assertThat(cache.usage().limitBytes()).isEmpty();

        assertThat(cache.delete("gems-master")).isTrue();
        assertThat(cache.delete("gems-master")).isFalse();
        assertThat(cache.has("gems-master")).isFalse();
        assertThat(cache.restore("gems-master", new ByteArrayOutputStream())).isFalse();
    }

    @Test
    void anExistingKeyIsNeverOverwritten() throws Exception {
        CacheBackend cache = backend("p");
        cache.store("k", new ByteArrayInputStream(bytes(10, 1)));

        assertThat(cache.store("k", new ByteArrayInputStream(bytes(10, 2)))).isFalse();
        assertThat(restored(cache, "k")).isEqualTo(bytes(10, 1));
    }

    @Test
    void projectsDoNotSeeEachOthersKeysEvenWhenOneNameStartsWithTheOther() throws Exception {
        backend("abc").store("k1", new ByteArrayInputStream(bytes(1, 1)));
        backend("abcd").store("k2", new ByteArrayInputStream(bytes(1, 1)));

        assertThat(backend("abc").list()).extracting(Entry::key).containsExactly("k1");
        assertThat(backend("abcd").list()).extracting(Entry::key).containsExactly("k2");
        assertThat(backend("abc").has("k2")).isFalse();
    }

    @Test
    void aLargeArchiveOfUnknownLengthGoesUpInPartsAndComesBackIntact() throws Exception {
        CacheBackend cache = backend("p");
        long size = 3 * S3CacheBackend.PART_SIZE + 12345;
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        InputStream data = new GeneratedStream(size, written, -1);

        assertThat(cache.store("big", data)).isTrue();

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long[] count = new long[1];
        cache.restore("big", new java.io.OutputStream() {
            @Override
            public void write(int b) {
                read.update((byte) b);
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                read.update(b, off, len);
                count[0] += len;
            }
        });
        assertThat(count[0]).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
    }

    @Test
    void aStoreThatFailsHalfWayLeavesNoKey() throws Exception {
        CacheBackend cache = backend("p");
        InputStream failing = new GeneratedStream(10 * S3CacheBackend.PART_SIZE, MessageDigest.getInstance("SHA-256"),
                2 * S3CacheBackend.PART_SIZE + 100);

        assertThatThrownBy(() -> cache.store("half", failing)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot store key 'half' in bucket '" + bucket + "'");
        assertThat(cache.has("half")).isFalse();
        assertThat(cache.list()).isEmpty();
    }

    @Test
    void twoConcurrentStoresOfOneKeyLeaveOneWholeArchive() throws Exception {
        CacheBackend first = backend("p");
        CacheBackend second = backend("p");
        byte[] a = bytes(3_000_000, 1);
        byte[] b = bytes(3_000_000, 2);

        CompletableFuture<Boolean> one = CompletableFuture.supplyAsync(() -> store(first, "same", a));
        CompletableFuture<Boolean> two = CompletableFuture.supplyAsync(() -> store(second, "same", b));
        CompletableFuture.allOf(one, two).join();

        byte[] stored = restored(first, "same");
        assertThat(stored.length == a.length && (java.util.Arrays.equals(stored, a) || java.util.Arrays.equals(stored, b)))
                .as("the stored archive is one of the two, whole").isTrue();
        assertThat(first.list()).hasSize(1);
    }

    private static boolean store(CacheBackend cache, String key, byte[] data) {
        try {
            return cache.store(key, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void clearDeletesEveryKeyOfTheProjectInBatches() throws Exception {
        CacheBackend cache = backend("p");
        CacheBackend other = backend("other");
        other.store("keep", new ByteArrayInputStream(bytes(1, 1)));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 1005; i++) {
                String key = "k" + i;
                pool.submit(() -> store(cache, key, new byte[] {1}));
            }
        }
        assertThat(cache.list()).hasSize(1005);

        cache.clear();

        assertThat(cache.list()).isEmpty();
        assertThat(other.list()).extracting(Entry::key).containsExactly("keep");
    }

    @Test
    void wrongCredentialsAreReportedWithTheStoresAnswer() {
        Map<String, Object> options = new HashMap<>(s3.options(bucket, "p"));
        options.put("secret-key", "wrong");
        CacheBackend cache = new S3CacheBackendFactory().create(options);

        assertThatThrownBy(() -> cache.has("k")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot look up key 'k' in bucket '" + bucket + "' at " + s3.endpoint() + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));
    }

    @Test
    void anUnreachableEndpointIsReportedNamingIt() {
        Map<String, Object> options = new HashMap<>(s3.options(bucket, "p"));
        options.put("endpoint", "http://127.0.0.1:9");
        CacheBackend cache = new S3CacheBackendFactory().create(options);

        assertThatThrownBy(() -> cache.list()).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot list the keys in bucket '" + bucket + "' at http://127.0.0.1:9: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Semaphore-Cache", "semaphore_cache", "-cache",
        "cache-", ".cache", "cache..ci", "192.168.1.10", "cache ci", "a-bucket-name-of-sixty-four-characters-is-one-too-many-for-s3-xx"})
    void prepareRefusesABucketNameS3DoesNotAcceptNamingTheOption(String name) {
        assertThatThrownBy(() -> new S3CacheBackendFactory().prepare(s3.options(name, "")))
                .isInstanceOf(PluginException.class)
                .hasMessage("cache backend 's3': option 'bucket': '" + name + "' is not a valid bucket name; use 3 to 63"
                        + " lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
    }

    @Test
    void prepareAcceptsAnExistingBucketWithTheRightCredentials() {
        new S3CacheBackendFactory().prepare(s3.options(bucket, ""));
    }

    @Test
    void prepareRefusesABucketThatDoesNotExist() {
        assertThatThrownBy(() -> new S3CacheBackendFactory().prepare(s3.options("no-such-bucket", "")))
                .isInstanceOf(PluginException.class)
                .hasMessage("cache backend 's3': option 'bucket': 'no-such-bucket' does not exist at " + s3.endpoint()
                        + "; create it, or name an existing bucket");
    }

    @Test
    void prepareRefusesCredentialsTheStoreDoesNotTakeWithoutShowingTheSecret() {
        Map<String, Object> wrongSecret = new HashMap<>(s3.options(bucket, ""));
        wrongSecret.put("secret-key", "not-the-secret-123");
        Map<String, Object> unknownKey = new HashMap<>(s3.options(bucket, ""));
        unknownKey.put("access-key", "nobody");

        for (Map<String, Object> options : List.of(wrongSecret, unknownKey)) {
            assertThatThrownBy(() -> new S3CacheBackendFactory().prepare(options))
                    .isInstanceOf(PluginException.class)
                    .hasMessageStartingWith("cache backend 's3': " + s3.endpoint() + " refuses to show bucket '" + bucket + "': ")
                    .hasMessageEndingWith("; check 'access-key' and 'secret-key', 'credentials-file' or 'profile', and that"
                            + " they may list the bucket")
                    .hasMessageNotContaining("not-the-secret-123");
        }
    }

    @Test
    void prepareOnlyWarnsWhenTheStoreDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> options = new HashMap<>(s3.options(bucket, ""));
        options.put("endpoint", "http://127.0.0.1:" + closedPort);

        new S3CacheBackendFactory().prepare(options); // the agent starts; the jobs' cache commands report the errors
        assertThat(S3Connection.check(S3Options.parse(options, Map.of()))).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("cannot reach http://127.0.0.1:" + closedPort + " to check bucket '"
                        + bucket + "': "));
    }

    @Test
    void badOptionsNameTheOptionAndTheAcceptedForm() {
        var factory = new S3CacheBackendFactory();
        assertThatThrownBy(() -> factory.create(Map.of("bucket", "bkt", "endpoint", "minio:9000")))
                .isInstanceOf(PluginException.class).hasMessage("cache backend 's3': option 'endpoint': 'minio:9000' is"
                        + " not valid; use a URL such as http://127.0.0.1:9000 or https://s3.example.com");
        assertThatThrownBy(() -> factory.create(Map.of("endpoint", "http://x:9000")))
                .hasMessage("cache backend 's3': option 'bucket' is missing; name the bucket (it must exist)");
        assertThatThrownBy(() -> factory.create(Map.of("bucket", "bkt", "access-key", "a")))
                .hasMessage("cache backend 's3': give both 'access-key' and 'secret-key' (or neither)");
        assertThatThrownBy(() -> factory.create(Map.of("bucket", "bkt", "bukket", "c")))
                .hasMessageStartingWith("cache backend 's3': option 'bukket' is unknown; accepted options: ");
        assertThatThrownBy(() -> factory.prepare(Map.of("bucket", "bkt", "path-style", "yes")))
                .hasMessage("cache backend 's3': option 'path-style': 'yes' is not valid; use true or false");
    }

    /** Pseudo-random bytes of a given length, digested as they are read; optionally failing at an offset. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private final long failAt;
        private final Random random = new Random(42);
        private long position;

        GeneratedStream(long size, MessageDigest digest, long failAt) {
            this.size = size;
            this.digest = digest;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (failAt >= 0 && position >= failAt) {
                throw new IOException("the archive's producer failed");
            }
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            digest.update(chunk);
            position += n;
            return n;
        }
    }
}
