package dev.outrider.dist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Writes a job file for `outrider run`: its commands run in a folder of their own. */
final class LocalJobFile {

    private LocalJobFile() {
    }

    /**
     * @param file     where to write the job
     * @param jobId    the job's id
     * @param folder   the folder the commands start in
     * @param env      the job's variables (base64-encoded here)
     * @param commands the commands
     * @return {@code file}
     */
    static Path write(Path file, String jobId, Path folder, Map<String, String> env, List<String> commands)
            throws IOException {
        JsonArray directives = new JsonArray().add(new JsonObject().put("directive", "cd " + folder));
        for (String command : commands) {
            directives.add(new JsonObject().put("directive", command));
        }
        JsonArray vars = new JsonArray();
        env.forEach((name, value) -> vars.add(new JsonObject().put("name", name)
                .put("value", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))));
        return Files.writeString(file, new JsonObject().put("job_id", jobId).put("env_vars", vars)
                .put("commands", directives).encode());
    }
}
