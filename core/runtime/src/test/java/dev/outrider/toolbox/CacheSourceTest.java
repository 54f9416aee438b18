package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.JobSettings.CacheSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheSourceTest {

    private static final CacheSource FROM_VARIABLES = new CacheSource(null, Optional.empty());

    @Test
    void theAgentTypesCacheSettingWinsOverTheJobsVariables() throws Exception {
        var source = new CacheSource(null, Optional.of(new CacheSettings("s3", Map.of("bucket", "configured"))));

        var selection = source.select(Map.of("SEMAPHORE_PROJECT_ID", "p1", "SEMAPHORE_CACHE_BACKEND", "s3",
                "SEMAPHORE_CACHE_S3_BUCKET", "from-job"));

        assertThat(selection.backend()).isEqualTo("s3");
        assertThat(selection.options()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "configured", "project", "p1"));
    }

    @Test
    void aUrlTakesStaticKeysOnlyWhenBothAreSet() throws Exception {
        var both = FROM_VARIABLES.select(Map.of("SEMAPHORE_PROJECT_ID", "p1", "SEMAPHORE_CACHE_BACKEND", "s3",
                "SEMAPHORE_CACHE_S3_BUCKET", "b", "SEMAPHORE_CACHE_S3_URL", "http://minio:9000",
                "SEMAPHORE_CACHE_S3_KEY", "k", "SEMAPHORE_CACHE_S3_SECRET", "s",
                "SEMAPHORE_CACHE_USE_EC2_INSTANCE_PROFILE", "true"));
        var oneOnly = FROM_VARIABLES.select(Map.of("SEMAPHORE_PROJECT_ID", "p1", "SEMAPHORE_CACHE_BACKEND", "s3",
                "SEMAPHORE_CACHE_S3_BUCKET", "b", "SEMAPHORE_CACHE_S3_URL", "http://minio:9000",
                "SEMAPHORE_CACHE_S3_KEY", "k"));

        assertThat(both.options()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "b", "project", "p1",
                "endpoint", "http://minio:9000", "access-key", "k", "secret-key", "s"));
        assertThat(oneOnly.options()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "b", "project", "p1",
                "endpoint", "http://minio:9000"));
    }

    @Test
    void withoutAUrlTheInstanceProfileWinsOverANamedProfile() throws Exception {
        var instance = FROM_VARIABLES.select(Map.of("SEMAPHORE_PROJECT_ID", "p1", "SEMAPHORE_CACHE_BACKEND", "s3",
                "SEMAPHORE_CACHE_S3_BUCKET", "b", "SEMAPHORE_CACHE_USE_EC2_INSTANCE_PROFILE", "true",
                "SEMAPHORE_CACHE_AWS_PROFILE", "ci", "SEMAPHORE_CACHE_S3_KEY", "ignored", "SEMAPHORE_CACHE_S3_SECRET", "x"));
        var named = FROM_VARIABLES.select(Map.of("SEMAPHORE_PROJECT_ID", "p1", "SEMAPHORE_CACHE_BACKEND", "s3",
                "SEMAPHORE_CACHE_S3_BUCKET", "b", "SEMAPHORE_CACHE_USE_EC2_INSTANCE_PROFILE", "false",
                "SEMAPHORE_CACHE_AWS_PROFILE", "ci"));

        assertThat(instance.options()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "b", "project", "p1",
                "instance-profile", "true"));
        assertThat(named.options()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "b", "project", "p1",
                "profile", "ci"));
    }

    @Test
    void missingVariablesAreNamedWithTheClisMessages() {
        assertThatThrownBy(() -> FROM_VARIABLES.select(Map.of("SEMAPHORE_PROJECT_ID", "p1")))
                .hasMessage("no SEMAPHORE_CACHE_BACKEND environment variable set");
        assertThatThrownBy(() -> FROM_VARIABLES.select(Map.of("SEMAPHORE_CACHE_BACKEND", "gcs")))
                .hasMessage("cache backend 'gcs' is not available");
        assertThatThrownBy(() -> FROM_VARIABLES.select(Map.of("SEMAPHORE_CACHE_BACKEND", "s3")))
                .hasMessage("no SEMAPHORE_CACHE_S3_BUCKET set");
        assertThatThrownBy(() -> FROM_VARIABLES.select(Map.of("SEMAPHORE_CACHE_BACKEND", "s3",
                "SEMAPHORE_CACHE_S3_BUCKET", "b"))).hasMessage("no SEMAPHORE_PROJECT_ID set");
    }
}
