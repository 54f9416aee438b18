package dev.outrider.s3cache;

import dev.outrider.spi.PluginException;
import dev.outrider.toolkit.PluginOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The options of the {@code s3} cache backend (the agent type's {@code cache:} options, or the job's
 * {@code SEMAPHORE_CACHE_*} variables as the core maps them).
 *
 * @param endpoint           the S3 endpoint URL ({@code http://127.0.0.1:9000} for MinIO); empty: AWS S3
 * @param region             the signing region: the {@code region} option; {@code auto} for a custom
 *                           endpoint, as Semaphore's CLI signs; for AWS, {@code AWS_REGION},
 *                           {@code AWS_DEFAULT_REGION}, the profile's region in {@code ~/.aws/config},
 *                           else {@code us-east-1}
 * @param regionFromMetadata whether the instance's metadata service names the region (instance profile on
 *                           AWS without a {@code region} option); {@code region} is then the fallback
 * @param bucket             the bucket, which must exist
 * @param accessKey          static credentials: {@code access-key} and {@code secret-key}, or a profile of a
 *                           credentials file; empty: the instance profile, or AWS's usual chain
 * @param secretKey          the secret key
 * @param sessionToken       the session token of temporary static credentials; may be empty
 * @param instanceProfile    whether credentials come from the instance's role (EC2 metadata)
 * @param metadataEndpoint   the instance metadata service ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}); empty:
 *                           AWS's address
 * @param pathStyle          whether objects are addressed as {@code <endpoint>/<bucket>/<key>} (MinIO, Ceph)
 * @param keyPrefix          prepended to every object key, e.g. {@code ci/}
 * @param project            the project's namespace: objects live under {@code <keyPrefix><project>/}
 * @param owner              how messages name these options ({@value #CACHE_BACKEND} or {@value #ARTIFACT_STORE})
 */
record S3Options(String endpoint, String region, boolean regionFromMetadata, String bucket, String accessKey,
                 String secretKey, String sessionToken, boolean instanceProfile, String metadataEndpoint,
                 boolean pathStyle, String keyPrefix, String project, String owner) {

    /** How messages name the options: as the cache backend's, or the artifact store's. */
    static final String CACHE_BACKEND = "cache backend 's3'";
    static final String ARTIFACT_STORE = "artifact store 's3'";

    private static final Set<String> KEYS = new TreeSet<>(List.of("endpoint", "region", "bucket", "access-key",
            "secret-key", "credentials-file", "profile", "instance-profile", "path-style", "key-prefix", "project"));

    /** S3's rule for bucket names, as the client checks them before each request. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");

    @Override
    public String toString() {
        return "S3Options[" + endpoint + ", " + region + ", " + bucket + ", " + accessKey + ", <redacted>, "
                + (instanceProfile ? "instance profile, " : "") + pathStyle + ", " + keyPrefix + ", " + project + "]";
    }

    /**
     * @param options     the backend's options
     * @param environment the agent's environment: where AWS's shared files and the metadata service are
     * @throws PluginException naming the option, the bad value and the accepted form
     */
    static S3Options parse(Map<String, Object> options, Map<String, String> environment) {
        return parse(CACHE_BACKEND, options, environment);
    }

    /**
     * @param owner       how messages name these options, e.g. {@value #ARTIFACT_STORE}
     * @param options     the options
     * @param environment the agent's environment: where AWS's shared files and the metadata service are
     * @throws PluginException naming the owner, the option, the bad value and the accepted form
     */
    static S3Options parse(String owner, Map<String, Object> options, Map<String, String> environment) {
        PluginOptions read = new PluginOptions(owner, options).requireKnownKeys(KEYS);
        String endpoint = text(read, "endpoint");
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^/\\s]+/?")) {
            throw read.invalid("endpoint", endpoint, "a URL such as http://127.0.0.1:9000 or https://s3.example.com");
        }
        String bucket = text(read, "bucket");
        if (bucket.isEmpty()) {
            throw new PluginException(owner + ": option 'bucket' is missing; name the bucket (it must exist)");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
            throw new PluginException(owner + ": option 'bucket': '" + bucket + "' is not a valid bucket name;"
                    + " use 3 to 63 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        boolean instanceProfile = read.flag("instance-profile").orElse(false);
        boolean pathStyle = read.flag("path-style").orElse(!endpoint.isEmpty());
        AwsSharedFiles shared = new AwsSharedFiles(environment);
        String profile = text(read, "profile");
        Map<String, String> credentials = credentials(owner, read, profile, shared);
        String accessKey = credentials.getOrDefault("aws_access_key_id", "");
        String secretKey = credentials.getOrDefault("aws_secret_access_key", "");
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new PluginException(owner + ": give both 'access-key' and 'secret-key' (or neither)");
        }
        String region = text(read, "region");
        boolean regionFromMetadata = region.isEmpty() && endpoint.isEmpty() && instanceProfile;
        if (region.isEmpty()) {
            region = endpoint.isEmpty() ? awsRegion(environment, shared, profile) : "auto";
        }
        return new S3Options(endpoint.replaceAll("/$", ""), region, regionFromMetadata, bucket, accessKey, secretKey,
                credentials.getOrDefault("aws_session_token", ""), instanceProfile,
                environment.getOrDefault("AWS_EC2_METADATA_SERVICE_ENDPOINT", "").strip(), pathStyle,
                text(read, "key-prefix"), text(read, "project"), owner);
    }

    /** @return the object key prefix of this project's archives, ending with {@code /} */
    String projectPrefix() {
        return keyPrefix + (project.isEmpty() ? "" : project + "/");
    }

    /**
     * Static credentials, as AWS's files name them: {@code access-key}/{@code secret-key}, else the profile
     * (named, or {@code default}, or the first) of {@code credentials-file}, else a named {@code profile} of
     * AWS's shared files; none: the instance profile or AWS's chain decide.
     */
    private static Map<String, String> credentials(String owner, PluginOptions read, String profile, AwsSharedFiles shared) {
        String accessKey = text(read, "access-key");
        String secretKey = text(read, "secret-key");
        if (!accessKey.isEmpty() || !secretKey.isEmpty()) {
            return Map.of("aws_access_key_id", accessKey, "aws_secret_access_key", secretKey);
        }
        String file = text(read, "credentials-file");
        if (!file.isEmpty()) {
            Map<String, Map<String, String>> sections = read(owner, Path.of(file), "credentials-file");
            if (!profile.isEmpty()) {
                return profile(owner, sections, profile, file);
            }
            return sections.getOrDefault("default", sections.values().stream().findFirst().orElse(Map.of()));
        }
        if (profile.isEmpty()) {
            return Map.of();
        }
        Path credentialsFile = shared.credentialsFile();
        if (Files.exists(credentialsFile)) {
            Map<String, Map<String, String>> sections = read(owner, credentialsFile, "profile");
            if (sections.containsKey(profile)) {
                return sections.get(profile);
            }
        }
        Path configFile = shared.configFile();
        if (Files.exists(configFile)) {
            Map<String, String> section = read(owner, configFile, "profile").get("profile " + profile);
            if (section != null && section.containsKey("aws_access_key_id")) {
                return section;
            }
        }
        throw new PluginException(owner + ": option 'profile': no profile '" + profile + "' with"
                + " credentials in " + credentialsFile + " or " + configFile + "; add it there, or name an existing one");
    }

    private static Map<String, String> profile(String owner, Map<String, Map<String, String>> sections, String profile,
                                               String file) {
        Map<String, String> section = sections.get(profile);
        if (section == null) {
            throw new PluginException(owner + ": option 'profile': no profile '" + profile + "' in " + file
                    + " (it has " + (sections.isEmpty() ? "none" : String.join(", ", sections.keySet())) + ")");
        }
        return section;
    }

    private static Map<String, Map<String, String>> read(String owner, Path file, String option) {
        try {
            return AwsSharedFiles.sections(file);
        } catch (IOException e) {
            throw new PluginException(owner + ": option '" + option + "': cannot read " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
    }

    private static String awsRegion(Map<String, String> environment, AwsSharedFiles shared, String profile) {
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = environment.getOrDefault(variable, "").strip();
            if (!value.isEmpty()) {
                return value;
            }
        }
        return shared.configuredRegion(profile.isEmpty() ? shared.defaultProfile() : profile).orElse("us-east-1");
    }

    private static String text(PluginOptions options, String key) {
        return options.text(key).orElse("");
    }
}
