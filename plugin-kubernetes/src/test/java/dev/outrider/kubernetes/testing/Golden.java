package dev.outrider.kubernetes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares an object, as the API server would receive it (fabric8's JSON), with a golden file under
 * {@code src/test/resources/golden/}. With {@code -Dgolden.write=true} a missing file is written
 * instead (then review it, and commit it).
 */
public final class Golden {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Golden() {
    }

    /** Fails unless the object's JSON equals the golden file's (field order aside). */
    public static void assertMatches(Object object, String name) throws IOException {
        JsonNode actual = JSON.readTree(SERIALIZATION.asJson(object));
        String file = "golden/" + name + ".json";
        try (InputStream expected = Golden.class.getClassLoader().getResourceAsStream(file)) {
            if (expected == null) {
                if (Boolean.getBoolean("golden.write")) {
                    Path target = Path.of("src/test/resources", file);
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
                }
                throw new AssertionError("no golden file " + file + "; the object is:\n"
                        + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
            }
            JsonNode golden = JSON.readTree(expected);
            assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual))
                    .as("the object against " + file).isEqualTo(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(golden));
            assertThat(actual).isEqualTo(golden);
        }
    }
}
