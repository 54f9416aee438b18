package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the {@code artifact} command: keeps pushed files in a folder per level
 * ({@code <store>/job/...}, {@code <store>/workflow/...}), pulls them back, refuses to overwrite
 * without {@code -f}, and reports as the real one does ({@code Pushed 1 file. Total of N B}).
 */
final class RecordingArtifact implements ToolboxCommand {
    private final Path store;
    final List<List<String>> calls = new ArrayList<>();

    RecordingArtifact(Path store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "artifact";
    }

    @Override
    public int run(ToolboxCall call) throws IOException {
        List<String> args = call.args();
        calls.add(args);
        String level = args.get(1);
        String destination = args.get(args.indexOf("-d") + 1);
        JobFiles files = call.files();
        if (args.get(0).equals("push")) {
            Path target = store.resolve(level).resolve(destination);
            if (Files.exists(target) && !args.contains("-f")) {
                call.output().err("error: '" + destination + "' already exists in the remote storage; delete it first, or use --force flag");
                return 1;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = files.open(call.resolve(args.get(2)))) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            call.output().out("Pushed 1 file. Total of " + Files.size(target) + " B");
            return 0;
        }
        Path source = store.resolve(level).resolve(args.get(2));
        if (!Files.isDirectory(source)) {
            call.output().err("Error pulling artifact: not found");
            return 1;
        }
        List<Path> pulled;
        try (var walk = Files.walk(source)) {
            pulled = walk.filter(Files::isRegularFile).toList();
        }
        long total = 0;
        for (Path file : pulled) {
            try (InputStream in = Files.newInputStream(file)) {
                files.write(call.resolve(destination) + "/" + source.relativize(file), in, Files.size(file));
            }
            total += Files.size(file);
        }
        call.output().out("Pulled " + pulled.size() + " files. Total of " + total + " B");
        return 0;
    }
}
