package dev.outrider.toolbox.artifact;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL the hub signed, with the method to use, and the object path the CLI recovers from it
 * (artifact-protocol.md §4, toolbox.md Errata 6): GCS, AWS S3, {@code 127.0.0.1} (the path, for tests), or a
 * custom HTTPS domain {@code https://<host>/<bucket>/<project-id>/<path>?}.
 *
 * @param url    the URL
 * @param method {@code HEAD}, {@code PUT}, {@code GET} or {@code DELETE}
 */
record SignedUrl(String url, String method) {

    private static final Pattern GCS = Pattern.compile("https://storage\\.googleapis\\.com/[a-z0-9\\-]+/([^?]+)\\?Expires=");
    private static final Pattern S3 = Pattern.compile("https://(.+)\\.s3\\.?(.+)?\\.amazonaws\\.com/[a-z0-9\\-]+/([^?]+)\\?");
    private static final Pattern CUSTOM = Pattern.compile("https://[a-z0-9\\-.]+/[a-z0-9\\-]+/[a-z0-9\\-]+/([^?]+)\\?");

    /** @return the object's path, such as {@code artifacts/jobs/<id>/a.txt} */
    String objectPath() throws ArtifactFailure {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFailure("unrecognized host ");
        }
        String host = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        if (host.equals("storage.googleapis.com")) {
            return group(GCS, 1, "bad URL");
        }
        if (host.endsWith("amazonaws.com")) {
            return group(S3, 3, "");
        }
        if (host.startsWith("127.0.0.1")) {
            String path = uri.getPath();
            return path.isEmpty() ? "" : path.substring(1);
        }
        if (CUSTOM.matcher(url).find()) {
            return group(CUSTOM, 1, "Failed to parse custom domain URL '" + url + "'");
        }
        throw new ArtifactFailure("unrecognized host " + host);
    }

    private String group(Pattern pattern, int group, String problem) throws ArtifactFailure {
        Matcher matcher = pattern.matcher(url);
        if (!matcher.find()) {
            throw new ArtifactFailure(problem);
        }
        return matcher.group(group);
    }

    /** How Go prints the signed URL value in one message ({@code &{url method}}). */
    String goValue() {
        return "&{" + url + " " + method + "}";
    }
}
