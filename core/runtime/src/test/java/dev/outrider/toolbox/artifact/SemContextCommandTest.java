package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sem-context on workflow artifacts in the local store (no hub). */
class SemContextCommandTest {

    @TempDir
    Path work;
    @TempDir
    Path store;

    private List<String> out = List.of();
    private List<String> err = List.of();

    /** Runs sem-context in a job of pipeline {@code pipelines} of the workflow (pipeline N's context is ctx-N). */
    private int run(int pipelines, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("SEMAPHORE_WORKFLOW_ID", "wf", "SEMAPHORE_PROJECT_ID", "p"));
        for (int n = 1; n <= pipelines; n++) {
            env.put("SEMAPHORE_PIPELINE_" + n + "_ARTEFACT_ID", "ctx-" + n);
        }
        CapturedOutput output = new CapturedOutput();
        ToolboxCall call = new ToolboxCall("sem-context", List.of(args), work.toString(), env, new LocalJobFiles(),
                output, InputStream::nullInputStream, new CallContext("j", Optional.empty()));
        ArtifactCommand artifact = new ArtifactCommand(ignored -> new LocalArtifactStore(store));
        int exit = new SemContextCommand(artifact).run(call);
        out = output.out();
        err = output.err();
        return exit;
    }

    @Test
    void putThenGetInTheSamePipeline() throws Exception {
        assertThat(run(1, "put", "version=1.2.3")).isZero();
        assertThat(out).containsExactly("Key value pair successfully stored");
        assertThat(store.resolve("p/artifacts/workflows/wf/.workflow-context/ctx-1/version")).hasContent("1.2.3");

        assertThat(run(1, "get", "version")).isZero();
        assertThat(out).containsExactly("1.2.3");
    }

    @Test
    void anExistingKeyIsKeptUnlessForced() throws Exception {
        run(1, "put", "color=red");

        assertThat(run(1, "put", "color=blue")).isEqualTo(1);
        assertThat(err).containsExactly("Key color already exists");

        assertThat(run(1, "put", "-f", "color=blue")).isZero();
        run(1, "get", "color");
        assertThat(out).containsExactly("blue");
    }

    @Test
    void aMissingKeyExitsOneUnlessThereIsAFallbackOrFailuresAreIgnored() throws Exception {
        assertThat(run(1, "get", "nothing")).isEqualTo(1);
        assertThat(err).containsExactly("Cant find the key 'nothing'");

        assertThat(run(1, "get", "nothing", "--fallback", "default")).isZero();
        assertThat(out).containsExactly("default");

        assertThat(run(1, "get", "--ignore-failure", "nothing")).isZero();
        assertThat(err).containsExactly("Cant find the key 'nothing'");
    }

    @Test
    void aLaterPipelineSeesItsParentsKeysAndDeletesThemOnlyForItself() throws Exception {
        run(1, "put", "shared=from-first");

        assertThat(run(2, "get", "shared")).isZero();
        assertThat(out).containsExactly("from-first");

        assertThat(run(2, "delete", "shared")).isZero();
        assertThat(out).containsExactly("Key successfully deleted");
        assertThat(run(2, "get", "shared")).isEqualTo(1);
        assertThat(run(1, "get", "shared")).isZero();
        assertThat(out).containsExactly("from-first");

        assertThat(run(2, "put", "shared=again")).isZero();
        assertThat(run(2, "get", "shared")).isZero();
        assertThat(out).containsExactly("again");
    }

    @Test
    void badInputExitsThree() throws Exception {
        assertThat(run(1, "put", "a=b=c")).isEqualTo(3);
        assertThat(err).containsExactly("Put command expects one argument in form of key=value");
        assertThat(run(1, "put", "ab=value")).isEqualTo(3);
        assertThat(err).containsExactly("Key must be between 3 and 256 characters in length, and can contain letters, "
                + "digits, and characters _ and - (no spaces)");
        assertThat(run(1, "put", "key=")).isEqualTo(3);
        assertThat(err).containsExactly("Value cant be an empty string");
        assertThat(run(1, "get")).isEqualTo(3);
        assertThat(err).containsExactly("Exactly one argument expected");
        assertThat(run(1, "delete", "missing")).isEqualTo(1);
        assertThat(err).containsExactly("Cant find the key 'missing'");
    }

    @Test
    void theCurrentContextIsTheHighestPipelineNumber() {
        assertThat(PipelineContexts.of(Map.of("SEMAPHORE_PIPELINE_2_ARTEFACT_ID", "b", "SEMAPHORE_PIPELINE_10_ARTEFACT_ID",
                "c", "SEMAPHORE_PIPELINE_1_ARTEFACT_ID", "a", "OTHER", "x"))).containsExactly("c", "b", "a");
    }

    @Test
    void anUnknownCommandFailsAndNoCommandPrintsHelp() throws Exception {
        assertThat(run(1, "gte", "x")).isEqualTo(1);
        assertThat(err).containsExactly("Error: unknown command \"gte\" for \"sem-context\"",
                "Run 'sem-context --help' for usage.");
        assertThat(out).containsExactly("unknown command \"gte\" for \"sem-context\"");

        assertThat(run(1)).isZero();
        assertThat(out).contains("Share variables between your Semaphore jobs",
                "      --ignore-failure   Ignore if failure occurs, and always return 0.");
    }
}
