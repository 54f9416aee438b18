package dev.outrider.s3cache;

import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackendFactory;
import java.util.Map;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code s3} cache backend: archives on S3 or any S3-compatible store (MinIO, Ceph RGW, R2), with
 * the MinIO Java client. Options: {@link S3Options}.
 */
@Extension
public final class S3CacheBackendFactory implements CacheBackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(S3CacheBackendFactory.class);

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

    /**
     * Checks the options, then asks the store: a bucket that does not exist or credentials the store refuses
     * stop the agent (the options are wrong); a store that does not answer is only a warning, since it may
     * be down for a while and the jobs' cache commands report their errors themselves.
     */
    @Override
    public void prepare(Map<String, Object> options) {
        S3Options parsed = S3Options.parse(options, environment);
        S3Connection.check(parsed).ifPresent(problem -> LOG.warn("Cache backend 's3': {}; the agent starts anyway,"
                + " and the jobs' cache commands fail until the store answers", problem));
    }

    @Override
    public CacheBackend create(Map<String, Object> options) {
        return S3Connection.open(S3Options.parse(options, environment));
    }
}
