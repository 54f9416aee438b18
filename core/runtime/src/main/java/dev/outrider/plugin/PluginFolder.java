package dev.outrider.plugin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;

/**
 * What the plugins folder offers: plugin zips, plugin jars and plugin folders, in name order.
 * Unlike PF4J's own repository, a zip is listed as itself (not unpacked here), so that one which
 * cannot be unpacked is reported by its name; the folder PF4J unpacked a zip into is skipped in
 * favour of the zip.
 */
final class PluginFolder implements PluginRepository {

    private final Path root;

    PluginFolder(Path root) {
        this.root = root;
    }

    @Override
    public List<Path> getPluginPaths() {
        List<Path> paths = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return paths;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    if (!Files.exists(root.resolve(name + ".zip"))) {
                        paths.add(entry);
                    }
                } else if (lower.endsWith(".zip") || lower.endsWith(".jar")) {
                    paths.add(entry);
                }
            }
        } catch (IOException e) {
            throw new PluginRuntimeException(e, "cannot list the plugins folder {}", root);
        }
        paths.sort(null);
        return paths;
    }

    @Override
    public boolean deletePluginPath(Path pluginPath) {
        return false;
    }
}
