package dev.outrider.toolbox.artifact;

import dev.outrider.spi.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Artifacts as files of a folder on the agent's machine: an object's key is its path below the folder.
 * An object is written to a temporary file beside it and moved into place, so a reader never sees half of it.
 */
final class LocalArtifactStore implements ArtifactStore {

    private final Path root;

    LocalArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, InputStream content, long size) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), ".partial-", "");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[64 * 1024];
                long left = size;
                while (left > 0) {
                    int read = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        throw new IOException("the content of '" + key + "' ended after " + (size - left) + " of "
                                + size + " bytes");
                    }
                    out.write(buffer, 0, read);
                    left -= read;
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(path(key));
    }

    @Override
    public List<StoredObject> list(String key) throws IOException {
        Path start = path(key);
        if (Files.isRegularFile(start)) {
            return List.of(new StoredObject(key, Files.size(start)));
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(".partial-")).toList()) {
                objects.add(new StoredObject(root.relativize(file).toString().replace('\\', '/'), Files.size(file)));
            }
        }
        objects.sort(java.util.Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path file = path(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(key);
        }
        return Files.newInputStream(file);
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = path(key);
        Files.deleteIfExists(file);
        // leave no empty folders behind, up to the store's root
        for (Path dir = file.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    break;
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private Path path(String key) throws IOException {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IOException("the key '" + key + "' leaves the artifact store's folder");
        }
        return path;
    }
}
