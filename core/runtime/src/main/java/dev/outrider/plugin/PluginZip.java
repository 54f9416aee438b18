package dev.outrider.plugin;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A plugin zip of the plugins folder and the folder it is unpacked into, next to it and named after it.
 *
 * <p>The folder is used only when it was made from this very zip (a stamp inside it records the zip's
 * size and modification time). Otherwise the zip is unpacked again into a hidden temporary folder, every
 * entry read to its end and checked against its CRC, and only a zip that is whole replaces the folder,
 * by a rename. So an interrupted copy (a truncated zip) or a damaged entry is reported on every start,
 * and never leaves a half-unpacked folder that a later start would take for the plugin.
 */
final class PluginZip {

    /** The stamp file in an unpacked folder. Hidden, so that no plugin mistakes it for its own. */
    static final String STAMP = ".outrider-unpacked";

    private final Path zip;
    private final Path folder;

    /** @param zip a {@code .zip} file of the plugins folder */
    PluginZip(Path zip) {
        this.zip = Objects.requireNonNull(zip, "zip").toAbsolutePath();
        String name = this.zip.getFileName().toString();
        this.folder = this.zip.resolveSibling(name.substring(0, name.length() - ".zip".length()));
    }

    /**
     * @return the folder with the zip's content, unpacked now unless it already was from this zip
     * @throws ZipException when the zip is not whole: truncated, not a zip, or an entry damaged or unsafe
     * @throws IOException  when the folder cannot be written
     */
    Path unpacked() throws IOException {
        String stamp = stamp();
        if (stamp.equals(readStamp())) {
            return folder;
        }
        removeLeftovers();
        Path temporary = Files.createTempDirectory(zip.getParent(), hidden("unpacking-"));
        try {
            unpackInto(temporary);
            Files.writeString(temporary.resolve(STAMP), stamp, StandardCharsets.UTF_8);
            replaceFolderWith(temporary);
        } finally {
            deleteTree(temporary);
        }
        return folder;
    }

    private String stamp() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(zip, BasicFileAttributes.class);
        return "size=" + attributes.size() + " modified=" + attributes.lastModifiedTime().toMillis() + "\n";
    }

    private String readStamp() {
        try {
            return Files.readString(folder.resolve(STAMP), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void unpackInto(Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target) || destination.equals(target)) {
                    throw new ZipException("entry '" + entry.getName() + "' would be written outside the plugin's folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    copyChecked(file, entry, destination);
                }
            }
        }
    }

    private static void copyChecked(ZipFile file, ZipEntry entry, Path destination) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = file.getInputStream(entry); OutputStream out = Files.newOutputStream(destination)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, read);
                out.write(buffer, 0, read);
                size += read;
            }
        } catch (ZipException | EOFException e) {
            throw new ZipException("entry '" + entry.getName() + "' is damaged: " + e.getMessage());
        }
        if (entry.getSize() >= 0 && size != entry.getSize()) {
            throw new ZipException("entry '" + entry.getName() + "' is damaged: it holds " + size + " bytes of "
                    + entry.getSize());
        }
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
            throw new ZipException("entry '" + entry.getName() + "' is damaged: its checksum (CRC) does not match");
        }
    }

    /** Swaps the folder for the new one; the old one, if any, is moved aside first and then deleted. */
    private void replaceFolderWith(Path unpacked) throws IOException {
        Path old = null;
        if (Files.exists(folder)) {
            old = Files.createTempDirectory(zip.getParent(), hidden("replaced-"));
            move(folder, old.resolve("folder"));
        }
        move(unpacked, folder);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private String hidden(String what) {
        return "." + folder.getFileName() + "." + what;
    }

    /** Temporary folders of a start that stopped half-way (killed, or the machine went down). */
    private void removeLeftovers() throws IOException {
        for (String kind : List.of("unpacking-", "replaced-")) {
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(zip.getParent(), hidden(kind) + "*")) {
                for (Path leftover : leftovers) {
                    deleteTree(leftover);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
