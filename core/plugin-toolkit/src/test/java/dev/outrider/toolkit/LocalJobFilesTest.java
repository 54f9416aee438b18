package dev.outrider.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.JobFiles.Entry;
import dev.outrider.spi.JobFiles.Kind;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's files on the agent's own machine, as the toolbox sees them. */
class LocalJobFilesTest {

    @TempDir
    Path dir;

    private final LocalJobFiles files = new LocalJobFiles();
    private Path tree;

    @BeforeEach
    void makeATree() throws Exception {
        tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("b"));
        Files.createDirectories(tree.resolve("a.d"));
        Files.writeString(tree.resolve("b/1.txt"), "one");
        Files.writeString(tree.resolve("a.txt"), "twotwo");
        Files.writeString(tree.resolve("a.d/z"), "x");
        Files.writeString(tree.resolve("b.txt"), "y");
        Files.createSymbolicLink(tree.resolve("alias.txt"), Path.of("a.txt"));
        Files.createSymbolicLink(dir.resolve("link"), tree);
    }

    @Test
    void tellsFilesFromDirectoriesFollowingLinks() {
        assertThat(files.kind(tree.resolve("a.txt").toString())).contains(Kind.FILE);
        assertThat(files.kind(dir.resolve("link").toString())).contains(Kind.DIRECTORY);
        assertThat(files.kind(tree.resolve("alias.txt").toString())).contains(Kind.FILE);
        assertThat(files.kind(dir.resolve("missing").toString())).isEmpty();
    }

    @Test
    void listsATreeInGoWalkOrderWithSizes() throws Exception {
        // Go sorts names of a folder byte-wise and goes depth first: "a.d/z" before "a.txt", "b/1.txt" before "b.txt"
        assertThat(files.list(dir.resolve("link").toString())).containsExactly(new Entry("a.d/z", 1),
                new Entry("a.txt", 6), new Entry("alias.txt", 6), new Entry("b/1.txt", 3), new Entry("b.txt", 1));
        assertThat(files.list(tree.resolve("a.txt").toString())).containsExactly(new Entry("", 6));
        assertThatThrownBy(() -> files.list(dir.resolve("missing").toString())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writesAWholeFileMakingItsFolders() throws Exception {
        byte[] content = "pulled\n".getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve("new/deep/file.txt");
        files.write(target.toString(), new ByteArrayInputStream(content), content.length);
        files.write(tree.resolve("a.txt").toString(), new ByteArrayInputStream(content), content.length);

        assertThat(Files.readString(target)).isEqualTo("pulled\n");
        assertThat(Files.readString(tree.resolve("a.txt"))).isEqualTo("pulled\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        try (InputStream in = files.open(target.toString())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aShortWriteLeavesTheOldFileAndNoPart() throws Exception {
        Path target = tree.resolve("a.txt");
        assertThatThrownBy(() -> files.write(target.toString(), new ByteArrayInputStream(new byte[3]), 10))
                .isInstanceOf(EOFException.class);
        assertThat(Files.readString(target)).isEqualTo("twotwo");
        try (var left = Files.list(tree)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }
}
