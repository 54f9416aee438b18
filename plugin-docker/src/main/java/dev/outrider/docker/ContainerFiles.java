package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Puts files into a container through the Engine API (a one-entry tar archive), so that nothing
 * needs to be shared between the agent's and the engine's file systems: the engine may be remote.
 * Files belong to the user the job's shell runs as.
 */
final class ContainerFiles {

    private final DockerClient docker;
    private final String containerId;
    private volatile int uid;
    private volatile int gid;

    ContainerFiles(DockerClient docker, String containerId) {
        this.docker = docker;
        this.containerId = containerId;
    }

    /** @return the user id files copied into the container get */
    int uid() {
        return uid;
    }

    /** @return the group id files copied into the container get */
    int gid() {
        return gid;
    }

    /** Sets the owner of the files copied from now on. */
    void owner(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * Writes a file into the container; its folder must exist.
     *
     * @param path    the absolute path in the container
     * @param content the bytes
     * @param mode    the file's permission bits
     */
    void copy(String path, byte[] content, int mode) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream(content.length + 1024);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(path.substring(1));
            entry.setSize(content.length);
            entry.setMode(mode);
            entry.setIds(uid, gid);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
        try {
            docker.copyArchiveToContainerCmd(containerId).withRemotePath("/")
                    .withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec();
        } catch (RuntimeException e) {
            throw new IOException("cannot copy " + path + " into the container: " + e.getMessage(), e);
        }
    }

}
