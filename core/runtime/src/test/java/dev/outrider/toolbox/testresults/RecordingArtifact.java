package dev.outrider.toolbox.testresults;

import dev.outrider.toolbox.artifact.ArtifactCommand;
import dev.outrider.toolbox.artifact.LocalArtifactStoreFactory;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real {@code artifact} command on a local artifact store in a folder, remembering the
 * arguments test-results called it with (its contract with test-results is that command line).
 */
final class RecordingArtifact implements ToolboxCommand {
    private final ToolboxCommand artifact;
    final List<List<String>> calls = new ArrayList<>();

    RecordingArtifact(Path store) {
        this.artifact = new ArtifactCommand(ignored -> new LocalArtifactStoreFactory(Map.of())
                .create(Map.of("path", store.toString())));
    }

    /**
     * @param store the store's folder
     * @param path  {@code job/PATH} or {@code workflow/PATH}, for the job and workflow of {@link Job#SEMAPHORE_ENV}
     * @return where the local store keeps that artifact
     */
    static Path file(Path store, String path) {
        String scope = path.substring(0, path.indexOf('/'));
        String id = Job.SEMAPHORE_ENV.get(scope.equals("job") ? "SEMAPHORE_JOB_ID" : "SEMAPHORE_WORKFLOW_ID");
        return store.resolve(Job.SEMAPHORE_ENV.get("SEMAPHORE_PROJECT_ID")).resolve("artifacts").resolve(scope + "s")
                .resolve(id).resolve(path.substring(scope.length() + 1));
    }

    @Override
    public String name() {
        return artifact.name();
    }

    @Override
    public int run(ToolboxCall call) throws IOException, InterruptedException {
        calls.add(call.args());
        return artifact.run(call);
    }
}
