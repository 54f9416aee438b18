package dev.outrider.s3cache;

import dev.outrider.spi.ArtifactStore;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Artifacts as objects of an S3 bucket, under the {@code key-prefix} option. Uploads stream: a file is never
 * held in memory.
 */
final class S3ArtifactStore implements ArtifactStore {

    /** S3's limit for one PUT. */
    static final long SINGLE_PUT_LIMIT = 5L << 30;
    private static final int SIGNED_FOR_SECONDS = 7 * 24 * 3600;
    /** One client for every store of the plugin: its threads and connections are shared. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private final MinioClient s3;
    private final S3Options options;

    S3ArtifactStore(MinioClient s3, S3Options options) {
        this.s3 = s3;
        this.options = options;
    }

    private String object(String key) {
        return options.projectPrefix() + key;
    }

    /**
     * Up to S3's single-upload limit the bytes stream in one PUT to a URL the client signed (no part is
     * buffered or hashed: as fast as {@code curl -T}); a larger object goes up in parts.
     */
    @Override
    public void put(String key, InputStream content, long size) throws IOException {
        if (size > SINGLE_PUT_LIMIT) {
            try {
                s3.putObject(PutObjectArgs.builder().bucket(options.bucket()).object(object(key))
                        .stream(content, size, S3CacheBackend.PART_SIZE).build());
            } catch (Exception e) {
                throw failure("store '" + key + "'", e);
            }
            return;
        }
        String url;
        try {
            url = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                    .bucket(options.bucket()).object(object(key)).expiry(SIGNED_FOR_SECONDS).build());
        } catch (Exception e) {
            throw failure("sign an upload of '" + key + "'", e);
        }
        HttpRequest.BodyPublisher body = size == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content), size);
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(body).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while storing '" + key + "'");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("cannot store '" + key + "' in bucket '" + options.bucket() + "': the store answered "
                    + response.statusCode() + " " + response.body().strip());
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    private Optional<StatObjectResponse> stat(String key) throws IOException {
        try {
            return Optional.of(s3.statObject(StatObjectArgs.builder().bucket(options.bucket()).object(object(key)).build()));
        } catch (ErrorResponseException e) {
            if (S3CacheBackend.isMissing(e)) {
                return Optional.empty();
            }
            throw failure("look up '" + key + "'", e);
        } catch (Exception e) {
            throw failure("look up '" + key + "'", e);
        }
    }

    @Override
    public List<StoredObject> list(String key) throws IOException {
        Optional<StatObjectResponse> exact = stat(key);
        if (exact.isPresent()) {
            return List.of(new StoredObject(key, exact.get().size()));
        }
        String prefix = object(key) + "/";
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(options.bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    objects.add(new StoredObject(item.objectName().substring(options.projectPrefix().length()),
                            item.size()));
                }
            }
        } catch (Exception e) {
            throw failure("list '" + key + "'", e);
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return s3.getObject(GetObjectArgs.builder().bucket(options.bucket()).object(object(key)).build());
        } catch (ErrorResponseException e) {
            if (S3CacheBackend.isMissing(e)) {
                throw new NoSuchFileException(key);
            }
            throw failure("read '" + key + "'", e);
        } catch (Exception e) {
            throw failure("read '" + key + "'", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(options.bucket()).object(object(key)).build());
        } catch (Exception e) {
            throw failure("delete '" + key + "'", e);
        }
    }

    private IOException failure(String what, Exception e) {
        String where = "bucket '" + options.bucket() + "' at "
                + (options.endpoint().isEmpty() ? "AWS S3 (" + options.region() + ")" : options.endpoint());
        String reason = e instanceof ErrorResponseException response
                ? response.errorResponse().message() + " (" + response.errorResponse().code() + ")"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException("cannot " + what + " in " + where + ": " + reason, e);
    }
}
