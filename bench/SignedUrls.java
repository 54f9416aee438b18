import com.sun.net.httpserver.HttpServer;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the artifact push benchmark: URLs signed for a local S3 server, straight to it (no proxy).
 *
 * Usage: java -cp CLASSPATH SignedUrls presign|hub ENDPOINT ACCESS SECRET BUCKET [OBJECT]
 *   presign: prints a PUT URL for OBJECT (the curl baseline);
 *   hub:     serves POST /api/v1/artifacts on 127.0.0.1 (port printed first) with HEAD+PUT URLs per path
 *            (PUT only for type 1), as Semaphore's hub does for a push; push only.
 */
public class SignedUrls {

    private static final Pattern PATH = Pattern.compile("\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(args[1]).credentials(args[2], args[3]).region("us-east-1").build();
        s3.disableVirtualStyleEndpoint();
        String bucket = args[4];
        if (args[0].equals("presign")) {
            System.out.println(sign(s3, bucket, args[5], Method.PUT));
            System.exit(0);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/v1/artifacts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean force = body.contains("\"type\":1");
            int start = body.indexOf('[');
            int end = body.indexOf(']');
            List<String> urls = new ArrayList<>();
            Matcher paths = PATH.matcher(start < 0 ? "" : body.substring(start, end));
            try {
                while (paths.find()) {
                    if (!force) {
                        urls.add("{\"url\":\"" + sign(s3, bucket, paths.group(1), Method.HEAD) + "\",\"method\":\"HEAD\"}");
                    }
                    urls.add("{\"url\":\"" + sign(s3, bucket, paths.group(1), Method.PUT) + "\",\"method\":\"PUT\"}");
                }
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
            byte[] reply = ("{\"urls\":[" + String.join(",", urls) + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
    }

    private static String sign(MinioClient s3, String bucket, String object, Method method) throws Exception {
        return s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method).bucket(bucket).object(object)
                .expiry(3600).build());
    }
}
