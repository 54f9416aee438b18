package dev.outrider.job.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder for the files a property writes: jqwik runs properties outside JUnit Jupiter, so {@code @TempDir}
 * does not reach them; a property class creates one before its properties and deletes it after them
 * ({@code @BeforeContainer}, {@code @AfterContainer}).
 */
public final class ScratchFolder {

    private ScratchFolder() {
    }

    /** @return a new folder in the temporary folder */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder and everything in it. */
    public static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
