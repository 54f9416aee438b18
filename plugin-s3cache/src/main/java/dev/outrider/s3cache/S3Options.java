package dev.outrider.s3cache;

import dev.outrider.spi.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of the {@code s3} cache backend (the agent type's {@code cache:} options, or the job's
 * {@code SEMAPHORE_CACHE_S3_*} variables as the core maps them).
 *
 * @param endpoint  the S3 endpoint URL ({@code http://127.0.0.1:9000} for MinIO); empty: AWS S3
 * @param region    the signing region; {@code auto} for a custom endpoint as Semaphore's CLI signs
 * @param bucket    the bucket, which must exist
 * @param accessKey the access key; with {@code secretKey}, or both from {@code credentials-file}; none:
 *                  AWS's usual chain (environment, {@code ~/.aws/credentials}, the instance's role)
 * @param secretKey the secret key
 * @param pathStyle whether objects are addressed as {@code <endpoint>/<bucket>/<key>} (MinIO, Ceph)
 * @param keyPrefix prepended to every object key, e.g. {@code ci/}
 * @param project   the project's namespace: objects live under {@code <keyPrefix><project>/}
 */
record S3Options(String endpoint, String region, String bucket, String accessKey, String secretKey,
                 boolean pathStyle, String keyPrefix, String project) {

    private static final Set<String> KEYS = new TreeSet<>(List.of("endpoint", "region", "bucket", "access-key",
            "secret-key", "credentials-file", "path-style", "key-prefix", "project"));

    @Override
    public String toString() {
        return "S3Options[" + endpoint + ", " + region + ", " + bucket + ", " + accessKey + ", <redacted>, "
                + pathStyle + ", " + keyPrefix + ", " + project + "]";
    }

    /**
     * @throws PluginException naming the option, the bad value and the accepted form
     */
    static S3Options parse(Map<String, Object> options) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new PluginException("cache backend 's3': option '" + key + "' is unknown; accepted options: "
                        + String.join(", ", KEYS));
            }
        }
        String endpoint = text(options, "endpoint");
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^/\\s]+/?")) {
            throw new PluginException("cache backend 's3': option 'endpoint': '" + endpoint
                    + "' is not valid; use a URL such as http://127.0.0.1:9000 or https://s3.example.com");
        }
        String bucket = text(options, "bucket");
        if (bucket.isEmpty()) {
            throw new PluginException("cache backend 's3': option 'bucket' is missing; name the bucket (it must exist)");
        }
        String accessKey = text(options, "access-key");
        String secretKey = text(options, "secret-key");
        String file = text(options, "credentials-file");
        if (!file.isEmpty()) {
            Map<String, String> credentials = credentialsFile(Path.of(file));
            accessKey = credentials.getOrDefault("aws_access_key_id", accessKey);
            secretKey = credentials.getOrDefault("aws_secret_access_key", secretKey);
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new PluginException("cache backend 's3': give both 'access-key' and 'secret-key' (or neither)");
        }
        String region = text(options, "region");
        String pathStyle = text(options, "path-style");
        if (!pathStyle.isEmpty() && !pathStyle.equals("true") && !pathStyle.equals("false")) {
            throw new PluginException("cache backend 's3': option 'path-style': '" + pathStyle + "' is not valid; use true or false");
        }
        return new S3Options(endpoint.replaceAll("/$", ""),
                region.isEmpty() ? (endpoint.isEmpty() ? "us-east-1" : "auto") : region, bucket, accessKey, secretKey,
                pathStyle.isEmpty() ? !endpoint.isEmpty() : Boolean.parseBoolean(pathStyle),
                text(options, "key-prefix"), text(options, "project"));
    }

    /** @return the object key prefix of this project's archives, ending with {@code /} */
    String projectPrefix() {
        return keyPrefix + (project.isEmpty() ? "" : project + "/");
    }

    private static String text(Map<String, Object> options, String key) {
        Object value = options.get(key);
        return value == null ? "" : String.valueOf(value).strip();
    }

    /** Reads {@code aws_access_key_id} and {@code aws_secret_access_key} from an AWS credentials file's first profile. */
    private static Map<String, String> credentialsFile(Path file) {
        try {
            Map<String, String> values = new java.util.HashMap<>();
            boolean inProfile = false;
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("[")) {
                    if (inProfile) {
                        break;
                    }
                    inProfile = true;
                } else if (trimmed.contains("=") && !trimmed.startsWith("#")) {
                    int equals = trimmed.indexOf('=');
                    values.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
                }
            }
            return values;
        } catch (IOException e) {
            throw new PluginException("cache backend 's3': option 'credentials-file': cannot read " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
