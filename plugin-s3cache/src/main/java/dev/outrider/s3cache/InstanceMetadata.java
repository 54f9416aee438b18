package dev.outrider.s3cache;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The EC2 instance metadata service (IMDSv2: a session token first, then the value), asked for the
 * instance's region when the backend uses the instance profile.
 */
final class InstanceMetadata {

    private static final String AWS_ADDRESS = "http://169.254.169.254";

    private final OkHttpClient http;
    private final HttpUrl base;

    /**
     * @param http     the plugin's HTTP client (short timeouts are set here: off EC2 nothing answers)
     * @param endpoint the service's address; empty: AWS's link-local address
     */
    InstanceMetadata(OkHttpClient http, String endpoint) {
        this.http = http.newBuilder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build();
        HttpUrl parsed = HttpUrl.parse(endpoint.isEmpty() ? AWS_ADDRESS : endpoint);
        this.base = parsed == null ? HttpUrl.get(AWS_ADDRESS) : parsed;
    }

    /** @return the instance's region; empty when the service does not answer */
    Optional<String> region() {
        try {
            String token = "";
            Request tokenRequest = new Request.Builder().url(url("latest/api/token"))
                    .put(RequestBody.create(new byte[0])).header("X-aws-ec2-metadata-token-ttl-seconds", "60").build();
            try (Response response = http.newCall(tokenRequest).execute()) {
                if (response.isSuccessful()) {
                    token = response.body().string().strip();
                }
            }
            Request.Builder regionRequest = new Request.Builder().url(url("latest/meta-data/placement/region"));
            if (!token.isEmpty()) {
                regionRequest.header("X-aws-ec2-metadata-token", token);
            }
            try (Response response = http.newCall(regionRequest.build()).execute()) {
                String region = response.isSuccessful() ? response.body().string().strip() : "";
                return region.isEmpty() ? Optional.empty() : Optional.of(region);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private HttpUrl url(String path) {
        return base.newBuilder().encodedPath("/").addPathSegments(path).build();
    }
}
