package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.ArtifactStore.StoredObject;
import dev.outrider.toolbox.artifact.ArtifactCommand;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ArtifactStore} must do, as JUnit tests: extend this class and give a fresh, empty store.
 * It checks the store alone (directory semantics of {@code list}, replace on {@code put}, missing objects),
 * then the jobs' {@code artifact} command on top of it (push, pull, yank, conflicts, {@code --force}).
 */
public abstract class ArtifactStoreContractSuite {

    @TempDir
    protected Path work;

    private List<String> err = List.of();

    /** @return an empty store; closed by the test */
    protected abstract ArtifactStore store() throws IOException;

    private static void put(ArtifactStore store, String key, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }

    private static String read(ArtifactStore store, String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void listsAnObjectOrTheObjectsBelowADirectoryButNotSiblingsWithTheSamePrefix() throws Exception {
        try (ArtifactStore store = store()) {
            put(store, "p/artifacts/jobs/j/one/b.txt", "b");
            put(store, "p/artifacts/jobs/j/one/a/z.txt", "zz");
            put(store, "p/artifacts/jobs/j/oneX/c.txt", "c");

            assertThat(store.list("p/artifacts/jobs/j/one")).containsExactly(
                    new StoredObject("p/artifacts/jobs/j/one/a/z.txt", 2), new StoredObject("p/artifacts/jobs/j/one/b.txt", 1));
            assertThat(store.list("p/artifacts/jobs/j/one/b.txt"))
                    .containsExactly(new StoredObject("p/artifacts/jobs/j/one/b.txt", 1));
            assertThat(store.list("p/artifacts/jobs/j/on")).isEmpty();
            assertThat(store.exists("p/artifacts/jobs/j/one")).isFalse();
            assertThat(store.exists("p/artifacts/jobs/j/one/b.txt")).isTrue();
        }
    }

    @Test
    void putReplacesAndDeleteRemoves() throws Exception {
        try (ArtifactStore store = store()) {
            put(store, "k/a.txt", "first");
            put(store, "k/a.txt", "second, longer");
            assertThat(read(store, "k/a.txt")).isEqualTo("second, longer");
            put(store, "k/empty", "");
            assertThat(read(store, "k/empty")).isEmpty();

            store.delete("k/a.txt");
            store.delete("k/never-there");

            assertThat(store.exists("k/a.txt")).isFalse();
            assertThatThrownBy(() -> store.get("k/a.txt")).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void putFailsWhenTheContentEndsEarly() throws Exception {
        try (ArtifactStore store = store()) {
            assertThatThrownBy(() -> store.put("short", new ByteArrayInputStream(new byte[3]), 10))
                    .isInstanceOf(IOException.class);
            assertThat(store.exists("short")).isFalse();
        }
    }

    private int artifact(ArtifactStore store, String... args) throws Exception {
        CapturedOutput output = new CapturedOutput();
        ToolboxCall call = new ToolboxCall("artifact", List.of(args), work.toString(),
                Map.of("SEMAPHORE_WORKFLOW_ID", "w1", "SEMAPHORE_PROJECT_ID", "p1"), new LocalJobFiles(), output,
                InputStream::nullInputStream, new CallContext("j", Optional.empty()));
        int exit = new ArtifactCommand(ignored -> new Unclosed(store)).run(call);
        err = output.err().stream().map(line -> line.replaceFirst("^\\[[^]]*] ", "")).toList();
        return exit;
    }

    @Test
    void theArtifactCommandPushesPullsAndYanksThroughTheStore() throws Exception {
        Files.createDirectories(work.resolve("out/sub"));
        Files.writeString(work.resolve("out/sub/a.txt"), "a");
        Files.writeString(work.resolve("out/b.txt"), "bb");
        try (ArtifactStore store = store()) {
            assertThat(artifact(store, "push", "workflow", "out")).isZero();
            assertThat(err).containsExactly("Successfully pushed artifact for current workflow.", "* Local source: out.",
                    "* Remote destination: artifacts/workflows/w1/out.", "Pushed 2 files. Total of 3 B");
            assertThat(store.list("p1/artifacts/workflows/w1/out")).extracting(StoredObject::key).containsExactly(
                    "p1/artifacts/workflows/w1/out/b.txt", "p1/artifacts/workflows/w1/out/sub/a.txt");

            assertThat(artifact(store, "push", "workflow", "out/b.txt", "-d", "out/b.txt")).isEqualTo(1);
            assertThat(err).containsExactly("Error pushing artifact: 'artifacts/workflows/w1/out/b.txt' already exists "
                    + "in the remote storage; delete it first, or use --force flag");
            Files.writeString(work.resolve("out/b.txt"), "new");
            assertThat(artifact(store, "push", "workflow", "out/b.txt", "-d", "out/b.txt", "--force")).isZero();

            assertThat(artifact(store, "pull", "workflow", "out")).isEqualTo(1);
            assertThat(err.get(0)).isEqualTo("Error pulling artifact: 'out/b.txt' already exists locally; delete it "
                    + "first, or use --force flag");
            assertThat(artifact(store, "pull", "workflow", "out", "-d", "copy")).isZero();
            assertThat(work.resolve("copy/b.txt")).hasContent("new");
            assertThat(work.resolve("copy/sub/a.txt")).hasContent("a");

            assertThat(artifact(store, "yank", "workflow", "out")).isZero();
            assertThat(err).containsExactly("Successfully yanked 'artifacts/workflows/w1/out' from current workflow artifacts.");
            assertThat(store.list("p1/artifacts/workflows/w1/out")).isEmpty();
            assertThat(artifact(store, "yank", "workflow", "out")).isEqualTo(1);
            assertThat(err).containsExactly("Error yanking artifact: 'artifacts/workflows/w1/out' does not exist in the "
                    + "artifact store", "Please check if the artifact you are trying to yank exists.");
        }
    }

    /** The command closes the store it opened; the test keeps using it. */
    private record Unclosed(ArtifactStore store) implements ArtifactStore {
        @Override
        public void put(String key, InputStream content, long size) throws IOException {
            store.put(key, content, size);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return store.exists(key);
        }

        @Override
        public List<StoredObject> list(String key) throws IOException {
            return store.list(key);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return store.get(key);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }
    }
}
