package dev.outrider.s3cache;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.ArtifactStoreFactory;
import java.util.Map;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code s3} artifact store: artifacts as objects of an S3 or S3-compatible bucket, for jobs without
 * Semaphore's artifact hub. Options as the {@code s3} cache backend's ({@link S3Options}).
 */
@Extension
public final class S3ArtifactStoreFactory implements ArtifactStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(S3ArtifactStoreFactory.class);

    private final Map<String, String> environment;

    public S3ArtifactStoreFactory() {
        this(System.getenv());
    }

    /** @param environment the agent's environment, for AWS's shared files and metadata service */
    S3ArtifactStoreFactory(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String description() {
        return "keeps artifacts on S3 or an S3-compatible store (MinIO, Ceph, R2)";
    }

    @Override
    public void prepare(Map<String, Object> options) {
        S3Connection.check(parse(options)).ifPresent(problem -> LOG.warn("Artifact store 's3': {}; the agent starts"
                + " anyway, and the jobs' artifact commands fail until the store answers", problem));
    }

    @Override
    public ArtifactStore create(Map<String, Object> options) {
        return S3Connection.openArtifacts(parse(options));
    }

    /** The cache backend's options, its messages naming this store. */
    private S3Options parse(Map<String, Object> options) {
        return S3Options.parse(S3Options.ARTIFACT_STORE, options, environment);
    }
}
