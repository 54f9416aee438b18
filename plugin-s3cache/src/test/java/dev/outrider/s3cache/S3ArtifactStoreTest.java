package dev.outrider.s3cache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.PluginException;
import dev.outrider.testkit.ArtifactStoreContractSuite;
import dev.outrider.testkit.S3Server;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code s3} artifact store keeps the contract, against a real S3 server. */
class S3ArtifactStoreTest extends ArtifactStoreContractSuite {

    private static S3Server s3;
    private static int buckets;

    @BeforeAll
    static void start() {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Override
    protected ArtifactStore store() {
        String bucket = "artifacts-" + (++buckets);
        s3.bucket(bucket);
        return new S3ArtifactStoreFactory(Map.of()).create(Map.of("endpoint", s3.endpoint(), "bucket", bucket,
                "access-key", S3Server.ACCESS_KEY, "secret-key", S3Server.SECRET_KEY, "key-prefix", "ci/"));
    }

    @Test
    void optionMistakesNameTheArtifactStore() {
        assertThatThrownBy(() -> new S3ArtifactStoreFactory(Map.of()).create(Map.of("endpoint", s3.endpoint())))
                .isInstanceOf(PluginException.class)
                .hasMessage("artifact store 's3': option 'bucket' is missing; name the bucket (it must exist)");
    }
}
