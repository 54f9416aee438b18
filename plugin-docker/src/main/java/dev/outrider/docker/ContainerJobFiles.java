package dev.outrider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.outrider.spi.JobFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The main container's files for the agent's toolbox, through the Engine API's archive endpoints:
 * {@code HEAD} for what a path is, {@code GET} (a tar stream) to list and read, {@code PUT} to write.
 * Nothing is buffered whole: reads and writes stream. Files written belong to the job shell's user.
 */
final class ContainerJobFiles implements JobFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINKS = 16;
    private static final long GO_MODE_DIR = 1L << 31;
    private static final long GO_MODE_TYPE = GO_MODE_DIR | 1L << 27 | 1L << 26 | 1L << 25 | 1L << 24 | 1L << 21 | 1L << 19;

    private final DockerClient docker;
    private final Path engineSocket;
    private final Supplier<ContainerSession> session;

    /**
     * @param docker       the engine
     * @param engineSocket the engine's Unix socket (for the {@code HEAD} the client library lacks)
     * @param session      the job's session in its main container, {@code null} while there is none
     */
    ContainerJobFiles(DockerClient docker, Path engineSocket, Supplier<ContainerSession> session) {
        this.docker = docker;
        this.engineSocket = engineSocket;
        this.session = session;
    }

    private ContainerSession session() throws IOException {
        ContainerSession current = session.get();
        if (current == null) {
            throw new IOException("the job's main container is not running");
        }
        return current;
    }

    @Override
    public Optional<Kind> kind(String path) throws IOException {
        return stat(path).map(stat -> (stat.mode & GO_MODE_DIR) != 0 ? Kind.DIRECTORY
                : (stat.mode & GO_MODE_TYPE) == 0 ? Kind.FILE : Kind.OTHER);
    }

    /** What is at a path, links followed; empty when nothing is there. */
    private Optional<PathStat> stat(String path) throws IOException {
        String current = path;
        for (int i = 0; i < MAX_LINKS; i++) {
            Optional<PathStat> stat = head(current);
            if (stat.isEmpty() || stat.get().linkTarget.isEmpty()) {
                return stat;
            }
            current = stat.get().linkTarget;
        }
        throw new IOException("too many symbolic links at " + path + " in the container");
    }

    /** HEAD /containers/ID/archive: the engine's stat of a path, in a header. */
    private Optional<PathStat> head(String path) throws IOException {
        String request = "HEAD /containers/" + session().containerId() + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n";
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(engineSocket))) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<String> lines = headerLines(new BufferedInputStream(Channels.newInputStream(channel)));
            String[] status = lines.isEmpty() ? new String[0] : lines.get(0).split(" ");
            if (status.length < 2) {
                throw new IOException("the Docker engine gave no answer for " + path);
            }
            if (status[1].equals("404")) {
                return Optional.empty();
            }
            if (!status[1].equals("200")) {
                throw new IOException("the Docker engine answered " + lines.get(0) + " for " + path + " in the container");
            }
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("X-Docker-Container-Path-Stat")) {
                    JsonNode stat = JSON.readTree(Base64.getDecoder().decode(line.substring(colon + 1).trim()));
                    return Optional.of(new PathStat(stat.path("mode").asLong(), stat.path("size").asLong(),
                            stat.path("linkTarget").asText("")));
                }
            }
            throw new IOException("the Docker engine did not say what " + path + " is");
        }
    }

    private static List<String> headerLines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        for (int b = in.read(); b != -1 && total++ < 65536; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return lines;
    }

    /** The path with its links resolved, so that the archive holds the target and not the link. */
    private String resolved(String path) throws IOException {
        String current = path;
        for (int i = 0; i < MAX_LINKS; i++) {
            Optional<PathStat> stat = head(current);
            if (stat.isEmpty()) {
                throw new FileNotFoundException(path + " (no such file or directory in the container)");
            }
            if (stat.get().linkTarget.isEmpty()) {
                return current;
            }
            current = stat.get().linkTarget;
        }
        throw new IOException("too many symbolic links at " + path + " in the container");
    }

    private TarArchiveInputStream archive(String path) throws IOException {
        try {
            return new TarArchiveInputStream(docker.copyArchiveFromContainerCmd(session().containerId(), path).exec());
        } catch (NotFoundException e) {
            throw new FileNotFoundException(path + " (no such file or directory in the container)");
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + path + " in the container: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> list(String path) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String root = resolved(path);
        try (TarArchiveInputStream tar = archive(root)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                String relative = slash < 0 ? "" : name.substring(slash + 1);
                if (entry.isSymbolicLink()) {
                    // as on the host: a link to a file is listed as that file
                    Optional<PathStat> target = stat(relative.isEmpty() ? root : root + "/" + relative);
                    if (target.isPresent() && (target.get().mode & GO_MODE_TYPE) == 0) {
                        entries.add(new Entry(relative, target.get().size));
                    }
                } else if (entry.isFile() && !entry.isLink()) {
                    entries.add(new Entry(relative, entry.getSize()));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::relativePath, ContainerJobFiles::walkOrder));
        return entries;
    }

    /** Go's filepath.Walk order: component by component, each compared byte-wise. */
    private static int walkOrder(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = Arrays.compareUnsigned(left[i].getBytes(StandardCharsets.UTF_8), right[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    @Override
    public InputStream open(String path) throws IOException {
        TarArchiveInputStream tar = archive(resolved(path));
        TarArchiveEntry entry = tar.getNextEntry();
        if (entry == null || !entry.isFile()) {
            tar.close();
            throw new IOException(path + " is not a regular file in the container");
        }
        return new FilterInputStream(tar) {
        };
    }

    @Override
    public void write(String path, InputStream content, long size) throws IOException {
        // the engine unpacks into an existing directory: find it, and make the missing ones in the archive
        List<String> missing = new ArrayList<>();
        Path parent = Path.of(path).getParent();
        while (parent != null && parent.getParent() != null && kind(parent.toString()).isEmpty()) {
            missing.add(0, parent.getFileName().toString());
            parent = parent.getParent();
        }
        String base = parent == null ? "/" : parent.toString();
        ContainerSession target = session();
        ContainerFiles owner = target.files();
        String prefix = String.join("/", missing);
        String name = (prefix.isEmpty() ? "" : prefix + "/") + Path.of(path).getFileName();
        PipedInputStream tarIn = new PipedInputStream(1 << 16);
        PipedOutputStream tarOut = new PipedOutputStream(tarIn);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().name("container-file-writer").start(() -> {
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(tarOut)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                StringBuilder directory = new StringBuilder();
                for (String component : missing) {
                    directory.append(component).append('/');
                    TarArchiveEntry entry = new TarArchiveEntry(directory.toString());
                    entry.setMode(040755);
                    entry.setIds(owner.uid(), owner.gid());
                    out.putArchiveEntry(entry);
                    out.closeArchiveEntry();
                }
                TarArchiveEntry file = new TarArchiveEntry(name);
                file.setSize(size);
                file.setMode(0100644);
                file.setIds(owner.uid(), owner.gid());
                out.putArchiveEntry(file);
                long copied = content.transferTo(out);
                if (copied != size) {
                    throw new EOFException("got " + copied + " bytes for " + path + ", expected " + size);
                }
                out.closeArchiveEntry();
            } catch (IOException e) {
                failure.set(e);
                try {
                    tarIn.close();
                } catch (IOException ignored) {
                    // the reader is failing already
                }
            }
        });
        try {
            docker.copyArchiveToContainerCmd(target.containerId()).withRemotePath(base).withTarInputStream(tarIn).exec();
        } catch (RuntimeException e) {
            throw new IOException("cannot write " + path + " in the container: " + e.getMessage(), e);
        } finally {
            tarIn.close();
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing " + path + " in the container", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private record PathStat(long mode, long size, String linkTarget) {
    }
}
