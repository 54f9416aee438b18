package dev.outrider.s3cache;

import dev.outrider.spi.ArtifactStore;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Artifacts as objects of an S3 bucket, under the {@code key-prefix} option; uploads stream in parts of
 * {@value S3CacheBackend#PART_SIZE} bytes, so a large file is never held in memory.
 */
final class S3ArtifactStore implements ArtifactStore {

    private final MinioClient s3;
    private final S3Options options;

    S3ArtifactStore(MinioClient s3, S3Options options) {
        this.s3 = s3;
        this.options = options;
    }

    private String object(String key) {
        return options.projectPrefix() + key;
    }

    @Override
    public void put(String key, InputStream content, long size) throws IOException {
        try {
            s3.putObject(PutObjectArgs.builder().bucket(options.bucket()).object(object(key))
                    .stream(content, size, size > S3CacheBackend.PART_SIZE ? S3CacheBackend.PART_SIZE : -1).build());
        } catch (Exception e) {
            throw failure("store '" + key + "'", e);
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
