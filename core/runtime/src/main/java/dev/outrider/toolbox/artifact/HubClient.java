package dev.outrider.toolbox.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks Semaphore's artifact hub for signed URLs (artifact-protocol.md §3): {@code POST /api/v1/artifacts}
 * on the organization's host, the raw token as {@code authorization}, a JSON body whose empty fields are
 * left out ({@code type} 0 = push, 1 = forced push, 2 = pull, 3 = yank).
 */
final class HubClient {

    enum RequestType { PUSH, PUSH_FORCE, PULL, YANK }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String token;
    private final RetryingHttp http;

    /**
     * @param organizationUrl {@code SEMAPHORE_ORGANIZATION_URL}; its path is replaced
     * @param token           {@code SEMAPHORE_ARTIFACT_TOKEN}
     */
    HubClient(String organizationUrl, String token, HttpClient client, RetryPolicy policy) throws ArtifactFailure {
        URI parsed;
        try {
            parsed = URI.create(organizationUrl);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFailure("failed to parse SEMAPHORE_ORGANIZATION_URL '" + organizationUrl + "': " + e.getMessage());
        }
        if (parsed.getScheme() == null || parsed.getRawAuthority() == null) {
            throw new ArtifactFailure("failed to parse SEMAPHORE_ORGANIZATION_URL '" + organizationUrl
                    + "': give a URL such as https://my-org.semaphoreci.com");
        }
        this.url = URI.create(parsed.getScheme() + "://" + parsed.getRawAuthority() + "/api/v1/artifacts");
        this.token = token;
        this.http = new RetryingHttp(client, policy);
    }

    URI url() {
        return url;
    }

    /** @return the signed URLs, in the hub's order */
    List<SignedUrl> signedUrls(List<String> paths, RequestType type) throws ArtifactFailure, InterruptedException {
        byte[] body = body(paths, type).getBytes(StandardCharsets.UTF_8);
        RetryingHttp.Answer answer;
        try {
            answer = http.send(() -> HttpRequest.newBuilder(url)
                    .header("authorization", token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), refusal -> { });
        } catch (RetryingHttp.GaveUp e) {
            throw new ArtifactFailure("request did not return a non-5xx response: " + e.getMessage());
        }
        try (InputStream in = answer.body()) {
            if (!answer.ok()) {
                throw new ArtifactFailure("failed to generate signed URLs - hub returned " + answer.status()
                        + " status code", answer.status() == 404);
            }
            JsonNode response;
            try {
                response = JSON.readTree(in);
            } catch (IOException e) {
                throw new ArtifactFailure("failed to decode signed URL http response: " + e.getMessage());
            }
            String error = response == null ? "" : response.path("error").asText("");
            if (!error.isEmpty()) {
                throw new ArtifactFailure("signed URL response returned errors: " + error);
            }
            List<SignedUrl> urls = new ArrayList<>();
            if (response != null) {
                for (JsonNode node : response.path("urls")) {
                    urls.add(new SignedUrl(node.path("url").asText(""), node.path("method").asText("")));
                }
            }
            return urls;
        } catch (IOException e) {
            throw new ArtifactFailure("failed to decode signed URL http response: " + e.getMessage());
        }
    }

    /** The request's JSON as Go's encoder writes it: omitted empty fields, HTML-safe escapes, a newline. */
    static String body(List<String> paths, RequestType type) {
        List<String> fields = new ArrayList<>();
        if (!paths.isEmpty()) {
            fields.add("\"paths\":[" + String.join(",", paths.stream().map(HubClient::quote).toList()) + "]");
        }
        if (type.ordinal() != 0) {
            fields.add("\"type\":" + type.ordinal());
        }
        return "{" + String.join(",", fields) + "}\n";
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
