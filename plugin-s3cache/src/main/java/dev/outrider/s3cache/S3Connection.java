package dev.outrider.s3cache;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.CacheBackend;
import java.util.Optional;

/**
 * Makes the backend and the artifact store; a class of its own so that the factory, which the agent loads at start, does not
 * name the MinIO client's types (resolving them would open the plugin's libraries in an idle agent).
 */
final class S3Connection {

    private S3Connection() {
    }

    static CacheBackend open(S3Options options) {
        return S3CacheBackend.connect(options);
    }

    static ArtifactStore openArtifacts(S3Options options) {
        return new S3ArtifactStore(S3CacheBackend.client(options), options);
    }

    /** @see S3CacheBackend#check(S3Options) */
    static Optional<String> check(S3Options options) {
        return S3CacheBackend.check(options);
    }
}
