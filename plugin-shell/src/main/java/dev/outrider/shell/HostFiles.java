package dev.outrider.shell;

import dev.outrider.spi.Job;
import dev.outrider.spi.StepOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Writes a job's files on this machine, as the agent's user, the way Semaphore's shell executor
 * does (job.md §6.2, §8): paths relative to the home folder, every {@code ~} replaced by the home
 * folder, parents created with mode 0750, then the content, then the octal mode.
 */
final class HostFiles {

    private final Path home;

    /** @param home the job user's home folder */
    HostFiles(Path home) {
        this.home = home;
    }

    /** @return where a requested path ends up, absolute */
    String destination(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        if (path.startsWith("~")) {
            // as Semaphore's agent: every ~ is replaced, not only the first
            return path.replace("~", home.toString());
        }
        try {
            return home.resolve(path).normalize().toString(); // as Go's filepath.Join: . and .. cleaned
        } catch (InvalidPathException e) {
            return home + "/" + path; // write() reports it
        }
    }

    /**
     * @return 0 when the file was written with its mode, else the step's exit code after an error message
     */
    int write(Job.File file, StepOutput output) {
        Path destination;
        try {
            destination = Path.of(destination(file.path()));
        } catch (InvalidPathException e) {
            output.message("Failed to create destination path '" + destination(file.path()).replace("\0", "\\0")
                    + "': not a valid path: " + e.getReason() + "\n");
            return 1;
        }
        Path parent = destination.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-x---")));
            } catch (IOException | UnsupportedOperationException e) {
                output.message("Failed to create directory '" + parent + "': " + describe(e) + "\n");
                return 1;
            }
        }
        OutputStream out;
        try {
            out = Files.newOutputStream(destination, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            output.message("Failed to create destination path '" + destination + "': " + describe(e) + "\n");
            return 1;
        }
        try (out) {
            out.write(file.content());
        } catch (IOException e) {
            output.message(describe(e) + "\n");
            return 255;
        }
        OptionalLong parsed = file.modeBits();
        if (parsed.isEmpty()) {
            output.message("bad file permission '" + file.mode() + "'\n");
            return 1;
        }
        try {
            Files.setPosixFilePermissions(destination, permissions(parsed.getAsLong()));
        } catch (IOException | UnsupportedOperationException e) {
            output.message("Failed to set file mode '" + file.mode() + "' for '" + destination + "': "
                    + describe(e) + "\n");
            return 1;
        }
        return 0;
    }

    private static Set<PosixFilePermission> permissions(long mode) {
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1L << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    private static String describe(Exception e) {
        String reason = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? reason : reason + ": " + e.getMessage();
    }
}
