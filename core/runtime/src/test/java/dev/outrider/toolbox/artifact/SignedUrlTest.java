package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The object path the CLI recovers from a signed URL, by host (toolbox.md Errata 6). */
class SignedUrlTest {

    private static String path(String url) throws ArtifactFailure {
        return new SignedUrl(url, "GET").objectPath();
    }

    @Test
    void recognisesGcsAwsLocalhostAndCustomHttpsDomains() throws Exception {
        assertThat(path("https://storage.googleapis.com/bucket-1/artifacts/jobs/j/a.txt?Expires=1&Signature=x"))
                .isEqualTo("artifacts/jobs/j/a.txt");
        assertThat(path("https://bucket.s3.eu-west-1.amazonaws.com/project-1/artifacts/jobs/j/a.txt?X-Amz-Signature=x"))
                .isEqualTo("artifacts/jobs/j/a.txt");
        assertThat(path("https://bucket.s3.amazonaws.com/project-1/artifacts/jobs/j/a.txt?X-Amz-Signature=x"))
                .isEqualTo("artifacts/jobs/j/a.txt");
        assertThat(path("http://127.0.0.1:9000/artifacts/jobs/j/a.txt?sig=1")).isEqualTo("artifacts/jobs/j/a.txt");
        assertThat(path("https://minio.example.com/bucket/project-1/artifacts/jobs/j/a.txt?X-Amz-Signature=x"))
                .isEqualTo("artifacts/jobs/j/a.txt");
    }

    @Test
    void refusesACustomDomainWithAPortOrPlainHttp() {
        assertThatThrownBy(() -> path("https://minio.example.com:9000/bucket/p/artifacts/a.txt?X=1"))
                .hasMessage("unrecognized host minio.example.com:9000");
        assertThatThrownBy(() -> path("http://minio/bucket/p/artifacts/a.txt?X=1")).hasMessage("unrecognized host minio");
    }
}
