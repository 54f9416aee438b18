import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.InputStream;

/**
 * The baseline of the cache benchmark: a plain S3 upload of stdin, or download to stdout, with the
 * MinIO client and the same part size as the s3 backend (16 MiB).
 *
 * Usage: java -cp CLASSPATH bench/S3Stream.java put|get ENDPOINT ACCESS SECRET BUCKET OBJECT
 */
public class S3Stream {
    public static void main(String[] args) throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(args[1]).credentials(args[2], args[3]).region("auto").build();
        s3.disableVirtualStyleEndpoint();
        if (args[0].equals("put")) {
            s3.putObject(PutObjectArgs.builder().bucket(args[4]).object(args[5]).stream(System.in, -1, 16L << 20).build());
        } else {
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(args[4]).object(args[5]).build())) {
                in.transferTo(System.out);
            }
            System.out.flush();
        }
        System.exit(0); // OkHttp's idle connection threads would keep the JVM up for a minute
    }
}
