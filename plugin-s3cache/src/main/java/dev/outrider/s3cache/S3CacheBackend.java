package dev.outrider.s3cache;

import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.PluginException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.credentials.AwsConfigProvider;
import io.minio.credentials.AwsEnvironmentProvider;
import io.minio.credentials.ChainedProvider;
import io.minio.credentials.IamAwsProvider;
import io.minio.credentials.StaticProvider;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.OkHttpClient;

/**
 * Cache archives as objects {@code <key-prefix><project>/<key>} of one bucket. Uploads of unknown
 * length go up in parts ({@link #PART_SIZE} in memory at a time), and a multipart upload only
 * becomes an object once complete, so a store that fails half-way leaves no visible key.
 */
final class S3CacheBackend implements CacheBackend {

    /** The size of one upload part: what an upload holds in memory. */
    static final long PART_SIZE = 16L << 20;
    private static final int DELETE_BATCH = 1000;

    private final MinioClient s3;
    private final S3Options options;

    S3CacheBackend(MinioClient s3, S3Options options) {
        this.s3 = s3;
        this.options = options;
    }

    /**
     * One HTTP client for every backend of the process: each MinIO client would otherwise start its own
     * connection pool and threads, and the agent opens a backend per cache command.
     */
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofMinutes(5)).writeTimeout(Duration.ofMinutes(5)).build();

    /** For the check at start: a store that does not answer soon is reported, not waited for. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    static S3CacheBackend connect(S3Options options) {
        return connect(options, HTTP);
    }

    /**
     * Checks, as the agent starts, that the bucket exists and the store takes the credentials.
     *
     * @param options the backend's options
     * @return empty when the store answered so; otherwise why it could not be asked (the store does not
     *         answer: it may be down for a while, so the caller only warns)
     * @throws PluginException when the store answers that the bucket is missing or the
     *         credentials are refused: the options are wrong
     */
    static Optional<String> check(S3Options options) {
        OkHttpClient quick = HTTP.newBuilder().connectTimeout(CHECK_TIMEOUT).readTimeout(CHECK_TIMEOUT)
                .callTimeout(CHECK_TIMEOUT.multipliedBy(2)).build();
        S3CacheBackend backend;
        try {
            backend = connect(options, quick);
        } catch (RuntimeException e) {
            return Optional.of("cannot reach the store of bucket '" + options.bucket() + "': " + e.getMessage());
        }
        return backend.checkBucket();
    }

    private Optional<String> checkBucket() {
        boolean exists;
        try {
            exists = s3.bucketExists(BucketExistsArgs.builder().bucket(options.bucket()).build());
        } catch (ErrorResponseException e) {
            throw new PluginException(options.owner() + ": " + where() + " refuses to show bucket '" + options.bucket()
                    + "': " + e.errorResponse().message() + " (" + e.errorResponse().code() + "); check 'access-key' and"
                    + " 'secret-key', 'credentials-file' or 'profile', and that they may list the bucket");
        } catch (Exception e) {
            return Optional.of("cannot reach " + where() + " to check bucket '" + options.bucket() + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (!exists) {
            throw new PluginException(options.owner() + ": option 'bucket': '" + options.bucket()
                    + "' does not exist at " + where() + "; create it, or name an existing bucket");
        }
        return Optional.empty();
    }

    private static S3CacheBackend connect(S3Options options, OkHttpClient http) {
        return new S3CacheBackend(client(options, http), options);
    }

    /** @return a client for the options' store: region, credentials, path or virtual-host style */
    static MinioClient client(S3Options options) {
        return client(options, HTTP);
    }

    private static MinioClient client(S3Options options, OkHttpClient http) {
        String region = options.regionFromMetadata()
                ? new InstanceMetadata(http, options.metadataEndpoint()).region().orElse(options.region())
                : options.region();
        MinioClient.Builder builder = MinioClient.builder().httpClient(http)
                .endpoint(options.endpoint().isEmpty() ? "https://s3.amazonaws.com" : options.endpoint())
                .region(region);
        String metadata = options.metadataEndpoint().isEmpty() ? null : options.metadataEndpoint();
        if (!options.accessKey().isEmpty()) {
            builder.credentialsProvider(new StaticProvider(options.accessKey(), options.secretKey(),
                    options.sessionToken().isEmpty() ? null : options.sessionToken()));
        } else if (options.instanceProfile()) {
            builder.credentialsProvider(new IamAwsProvider(metadata, http));
        } else {
            // AWS's usual chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials (AWS_PROFILE), then
            // the instance's or task's role
            builder.credentialsProvider(new ChainedProvider(new AwsEnvironmentProvider(),
                    new AwsConfigProvider(null, null), new IamAwsProvider(metadata, http)));
        }
        MinioClient client = builder.build();
        if (options.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        return client;
    }

    private String object(String key) {
        return options.projectPrefix() + key;
    }

    @Override
    public boolean has(String key) throws IOException {
        return size(key).isPresent();
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(s3.statObject(StatObjectArgs.builder().bucket(options.bucket()).object(object(key))
                    .build()).size());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return OptionalLong.empty();
            }
            throw failure("look up key '" + key + "'", e);
        } catch (Exception e) {
            throw failure("look up key '" + key + "'", e);
        }
    }

    @Override
    public boolean store(String key, InputStream data) throws IOException {
        if (has(key)) {
            return false;
        }
        try {
            s3.putObject(PutObjectArgs.builder().bucket(options.bucket()).object(object(key))
                    .stream(data, -1, PART_SIZE).contentType("application/gzip").build());
            return true;
        } catch (Exception e) {
            throw failure("store key '" + key + "'", e);
        }
    }

    @Override
    public boolean restore(String key, OutputStream target) throws IOException {
        try (InputStream archive = s3.getObject(GetObjectArgs.builder().bucket(options.bucket()).object(object(key)).build())) {
            archive.transferTo(target);
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw failure("restore key '" + key + "'", e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw failure("restore key '" + key + "'", e);
        }
    }

    @Override
    public List<Entry> list() throws IOException {
        String prefix = options.projectPrefix();
        List<Entry> entries = new ArrayList<>();
        try {
            for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(options.bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    entries.add(new Entry(item.objectName().substring(prefix.length()), item.size(),
                            item.lastModified().toInstant()));
                }
            }
        } catch (Exception e) {
            throw failure("list the keys", e);
        }
        entries.sort(Comparator.comparing(Entry::storedAt).reversed());
        return entries;
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (!has(key)) {
            return false;
        }
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(options.bucket()).object(object(key)).build());
            return true;
        } catch (Exception e) {
            throw failure("delete key '" + key + "'", e);
        }
    }

    @Override
    public void clear() throws IOException {
        List<Entry> entries = list();
        List<String> failed = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += DELETE_BATCH) {
            List<DeleteObject> batch = entries.subList(from, Math.min(entries.size(), from + DELETE_BATCH)).stream()
                    .map(entry -> new DeleteObject(object(entry.key()))).toList();
            try {
                for (Result<DeleteError> result : s3.removeObjects(RemoveObjectsArgs.builder()
                        .bucket(options.bucket()).objects(batch).build())) {
                    DeleteError error = result.get();
                    failed.add(error.objectName() + ": " + error.message());
                }
            } catch (Exception e) {
                throw failure("delete the keys", e);
            }
        }
        if (!failed.isEmpty()) {
            throw new IOException("some keys might not have been deleted: " + String.join("; ", failed));
        }
    }

    @Override
    public Usage usage() throws IOException {
        return new Usage(list().stream().mapToLong(Entry::size).sum(), Optional.empty());
    }

    static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private String where() {
        return options.endpoint().isEmpty() ? "AWS S3 (" + options.region() + ")" : options.endpoint();
    }

    /** @return an error that says what failed, where, and the store's own words */
    private IOException failure(String what, Exception e) {
        String where = "bucket '" + options.bucket() + "' at " + where();
        String reason;
        if (e instanceof ErrorResponseException response) {
            reason = response.errorResponse().message() + " (" + response.errorResponse().code() + ")";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new IOException("cannot " + what + " in " + where + ": " + reason, e);
    }
}
