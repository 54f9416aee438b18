package dev.outrider.toolkit;

import dev.outrider.spi.JobFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link JobFiles} on the agent's own file system, for executors whose jobs run on the agent's
 * machine as the agent's user (and for the agent's own temporary files). A written file appears
 * whole: it is written next to its place and moved there.
 */
public final class LocalJobFiles implements JobFiles {

    @Override
    public Optional<Kind> kind(String path) {
        Path file = Path.of(path);
        if (Files.isRegularFile(file)) {
            return Optional.of(Kind.FILE);
        }
        if (Files.isDirectory(file)) {
            return Optional.of(Kind.DIRECTORY);
        }
        return Files.exists(file) ? Optional.of(Kind.OTHER) : Optional.empty();
    }

    @Override
    public List<Entry> list(String path) throws IOException {
        Path root = Path.of(path);
        if (!Files.exists(root)) {
            throw new NoSuchFileException(path);
        }
        List<Entry> entries = new ArrayList<>();
        if (Files.isDirectory(root)) {
            walk(root, "", entries);
        } else {
            entries.add(new Entry("", Files.size(root)));
        }
        return entries;
    }

    /** As Go's filepath.Walk: names sorted byte-wise, links not followed into directories. */
    private static void walk(Path directory, String prefix, List<Entry> entries) throws IOException {
        String[] names;
        try (Stream<Path> children = Files.list(directory)) {
            names = children.map(child -> child.getFileName().toString()).toArray(String[]::new);
        }
        Arrays.sort(names, LocalJobFiles::compareBytes);
        for (String name : names) {
            Path child = directory.resolve(name);
            String relative = prefix.isEmpty() ? name : prefix + "/" + name;
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(child, relative, entries);
            } else if (Files.isRegularFile(child)) {
                entries.add(new Entry(relative, Files.size(child)));
            }
        }
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(Path.of(path));
    }

    @Override
    public void write(String path, InputStream content, long size) throws IOException {
        Path target = Path.of(path);
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path part = parent == null ? Files.createTempFile(".outrider-", ".part")
                : Files.createTempFile(parent, "." + target.getFileName() + ".", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                long copied = content.transferTo(out);
                if (copied != size) {
                    throw new EOFException("got " + copied + " bytes for " + path + ", expected " + size);
                }
            }
            // createTempFile makes 0600; a written file is as the job would create it
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
