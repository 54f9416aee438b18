package dev.outrider.s3cache;

import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackendFactory;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The {@code s3} cache backend: archives on S3 or any S3-compatible store (MinIO, Ceph RGW, R2), with
 * the MinIO Java client. Options: {@link S3Options}.
 */
@Extension
public final class S3CacheBackendFactory implements CacheBackendFactory {

    private final Map<String, String> environment;

    public S3CacheBackendFactory() {
        this(System.getenv());
    }

    /** @param environment the agent's environment, for AWS's shared files and metadata service */
    S3CacheBackendFactory(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String description() {
        return "stores cache archives on S3 or an S3-compatible store (MinIO, Ceph, R2)";
    }

    @Override
    public void prepare(Map<String, Object> options) {
        S3Options.parse(options, environment);
    }

    @Override
    public CacheBackend create(Map<String, Object> options) {
        return S3Connection.open(S3Options.parse(options, environment));
    }
}
