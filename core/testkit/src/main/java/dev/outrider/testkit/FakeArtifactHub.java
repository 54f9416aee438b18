package dev.outrider.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A fake Semaphore artifact hub for tests of the {@code artifact} command (artifact-protocol.md): a real HTTP
 * server on 127.0.0.1 that answers {@code POST /api/v1/artifacts} with URLs signed by a real S3 server
 * ({@link S3Server}), objects kept as {@code <project-id>/artifacts/...} in a bucket like Semaphore's storage.
 *
 * <p>The CLI recovers an object's path from a {@code 127.0.0.1} URL's path, so the URLs handed out point at
 * this server: {@code http://127.0.0.1:<port>/artifacts/...?<S3 signature>}; it forwards each storage request
 * unchanged (body streamed, signature included) to {@code /<bucket>/<project-id>/artifacts/...} of the S3
 * server, which checks the signature. Like S3 it answers 501 to a PUT without {@code Content-Length}.
 *
 * <p>The hub checks the raw {@code authorization} token (401 otherwise), answers 404 for a pull or yank of a
 * path with no object (directory semantics: the object itself, or the objects below {@code path/}), leaves
 * the method out of yank URLs as the real hub does, and records every request in order. Faults:
 * {@link #failHub}, {@link #hubError}, {@link #failStorage}.
 */
public final class FakeArtifactHub implements AutoCloseable {

    /**
     * A request the hub or its storage received.
     *
     * @param kind          {@code hub} or {@code storage}
     * @param method        the HTTP method
     * @param path          the URL's path ({@code /api/v1/artifacts}, or the object's path for storage)
     * @param authorization the {@code authorization} header, or {@code null}
     * @param contentType   the {@code Content-Type} header, or {@code null}
     * @param contentLength the {@code Content-Length} header, or {@code null}
     * @param body          the hub request's body (storage bodies are not kept)
     */
    public record Recorded(String kind, String method, String path, String authorization, String contentType,
                           String contentLength, String body) {
    }

    private record Fault(String method, int status, String body) {
    }

    private final HttpServer server;
    private final MinioClient s3;
    private final String s3Endpoint;
    private final String bucket;
    private final String token;
    private final String project;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> hubFaults = new CopyOnWriteArrayList<>();
    private final List<Fault> storageFaults = new CopyOnWriteArrayList<>();
    private volatile String hubError = "";

    private FakeArtifactHub(HttpServer server, S3Server storage, String bucket, String token, String project) {
        this.server = server;
        this.s3Endpoint = storage.endpoint();
        this.s3 = MinioClient.builder().endpoint(storage.endpoint()).region("us-east-1")
                .credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build();
        this.bucket = bucket;
        this.token = token;
        this.project = project;
    }

    /**
     * Starts a hub in front of a bucket of an S3 server (the bucket is created).
     *
     * @param storage the S3 server
     * @param bucket  the bucket
     * @param token   the artifact token jobs must send
     * @param project the project whose artifacts the token gives access to
     */
    public static FakeArtifactHub start(S3Server storage, String bucket, String token, String project) {
        storage.bucket(bucket);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
            FakeArtifactHub hub = new FakeArtifactHub(server, storage, bucket, token, project);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", hub::handle);
            server.start();
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the organization URL jobs use, {@code http://127.0.0.1:<port>} */
    public String organizationUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return every request so far, in order */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** @return the hub requests so far, in order */
    public List<Recorded> hubRequests() {
        return requests.stream().filter(r -> r.kind().equals("hub")).toList();
    }

    /** @return the storage requests so far, as {@code METHOD path} */
    public List<String> storageCalls() {
        return requests.stream().filter(r -> r.kind().equals("storage")).map(r -> r.method() + " " + r.path()).toList();
    }

    /** The next {@code times} hub requests are answered with {@code status}. */
    public void failHub(int times, int status) {
        for (int i = 0; i < times; i++) {
            hubFaults.add(new Fault("POST", status, "{\"error\":\"injected\"}"));
        }
    }

    /** Hub answers carry this {@code error} field (empty: none). */
    public void hubError(String error) {
        this.hubError = error;
    }

    /** The next {@code times} storage requests with {@code method} are answered with {@code status} and {@code body}. */
    public void failStorage(String method, int times, int status, String body) {
        for (int i = 0; i < times; i++) {
            storageFaults.add(new Fault(method, status, body));
        }
    }

    /** @return the keys of the bucket (with the project prefix), sorted */
    public List<String> objects() {
        return list(project + "/", true);
    }

    /** @return the stored bytes of an object path ({@code artifacts/...}) */
    public byte[] content(String objectPath) {
        try (InputStream in = s3.getObject(io.minio.GetObjectArgs.builder().bucket(bucket)
                .object(project + "/" + objectPath).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read '" + objectPath + "': " + e, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/api/v1/artifacts")) {
                hub(exchange);
            } else {
                storage(exchange);
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, e.toString());
        }
    }

    private void hub(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded("hub", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Content-Length"), body));
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "");
            return;
        }
        Fault fault = take(hubFaults, "POST");
        if (fault != null) {
            reply(exchange, fault.status(), fault.body());
            return;
        }
        if (!token.equals(exchange.getRequestHeaders().getFirst("authorization"))) {
            reply(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        JsonObject request = new JsonObject(body);
        int type = request.getInteger("type", 0);
        JsonArray paths = request.getJsonArray("paths", new JsonArray());
        JsonArray urls = new JsonArray();
        for (Object value : paths) {
            String path = (String) value;
            switch (type) {
                case 0 -> {
                    urls.add(url(path, Method.HEAD, "HEAD"));
                    urls.add(url(path, Method.PUT, "PUT"));
                }
                case 1 -> urls.add(url(path, Method.PUT, "PUT"));
                case 2, 3 -> {
                    List<String> keys = below(project + "/" + path);
                    if (keys.isEmpty()) {
                        reply(exchange, 404, "{\"error\":\"not found\"}");
                        return;
                    }
                    for (String key : keys) {
                        String objectPath = key.substring(project.length() + 1);
                        urls.add(type == 2 ? url(objectPath, Method.GET, "GET") : url(objectPath, Method.DELETE, null));
                    }
                }
                default -> {
                    reply(exchange, 400, "{\"error\":\"unknown type\"}");
                    return;
                }
            }
        }
        JsonObject response = new JsonObject().put("urls", urls);
        if (!hubError.isEmpty()) {
            response.put("error", hubError);
        }
        reply(exchange, 200, response.encode());
    }

    private JsonObject url(String path, Method method, String name) {
        String signed;
        try {
            signed = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method).bucket(bucket)
                    .object(project + "/" + path).expiry(3600).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a URL: " + e, e);
        }
        String query = URI.create(signed).getRawQuery();
        JsonObject url = new JsonObject().put("url", organizationUrl() + "/" + path + "?" + query);
        if (name != null) {
            url.put("method", name);
        }
        return url;
    }

    private List<String> below(String key) {
        List<String> keys = new ArrayList<>();
        for (String found : list(key, true)) {
            if (found.equals(key) || found.startsWith(key + "/")) {
                keys.add(found);
            }
        }
        return keys;
    }

    private List<String> list(String prefix, boolean recursive) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(recursive).build())) {
                String key = result.get().objectName();
                if (!key.endsWith("/")) {
                    // S3Proxy's filesystem store lists its folders as "directory" keys
                    keys.add(key);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the bucket: " + e, e);
        }
        keys.sort(null);
        return keys;
    }

    private void storage(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring(1);
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        requests.add(new Recorded("storage", method, path, exchange.getRequestHeaders().getFirst("authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), length, null));
        Fault fault = take(storageFaults, method);
        if (fault != null) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            reply(exchange, fault.status(), fault.body());
            return;
        }
        if (method.equals("PUT") && length == null) { // S3's own answer to a streamed upload: the CLI must send a length
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            reply(exchange, 501, "<Error><Code>NotImplemented</Code><Message>A header you provided implies "
                    + "functionality that is not implemented (Transfer-Encoding)</Message></Error>");
            return;
        }
        URI target = URI.create(s3Endpoint + "/" + bucket + "/" + project + "/" + exchange.getRequestURI().getRawPath()
                .substring(1) + "?" + exchange.getRequestURI().getRawQuery());
        HttpRequest.BodyPublisher body = length == null || length.equals("0")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), Long.parseLong(length));
        HttpResponse<InputStream> answer;
        try {
            answer = forward.send(HttpRequest.newBuilder(target).method(method, body).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 503, "interrupted");
            return;
        }
        try (InputStream in = answer.body()) {
            long size = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (method.equals("HEAD") || size == 0) {
                exchange.sendResponseHeaders(answer.statusCode(), -1);
                return;
            }
            exchange.sendResponseHeaders(answer.statusCode(), Math.max(size, 0));
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    private static Fault take(List<Fault> faults, String method) {
        synchronized (faults) {
            for (Fault fault : faults) {
                if (fault.method().equals(method)) {
                    faults.remove(fault);
                    return fault;
                }
            }
        }
        return null;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "FakeArtifactHub[" + organizationUrl() + ", " + Map.of("bucket", bucket, "project", project) + "]";
    }
}
