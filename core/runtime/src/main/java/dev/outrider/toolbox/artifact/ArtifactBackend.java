package dev.outrider.toolbox.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where the command's artifacts are kept: behind Semaphore's artifact hub, or in an artifact store. */
interface ArtifactBackend {

    /**
     * Uploads files one after the other; the first failure stops the push, the files before it stay.
     *
     * @param uploads the files, in the order of the walk
     * @param force   whether existing remote files are replaced
     */
    void push(List<Upload> uploads, boolean force) throws ArtifactFailure, IOException, InterruptedException;

    /**
     * @param prefix a remote path: one object, or a "directory" of objects below {@code prefix/}
     * @return the objects
     * @throws ArtifactFailure with {@link ArtifactFailure#notFound()} when nothing is there
     */
    List<RemoteObject> list(String prefix) throws ArtifactFailure, IOException, InterruptedException;

    /**
     * @param object an object {@link #list} found
     * @return its bytes; the caller closes them
     */
    Download download(RemoteObject object) throws ArtifactFailure, IOException, InterruptedException;

    /** Deletes one object or a "directory" of objects. */
    void yank(String prefix) throws ArtifactFailure, IOException, InterruptedException;

    /**
     * A file to upload.
     *
     * @param localPath  its absolute path in the job's file system
     * @param remotePath its remote path
     * @param size       its size in bytes
     */
    record Upload(String localPath, String remotePath, long size) {
    }

    /**
     * A remote object.
     *
     * @param path   its remote path ({@code artifacts/...})
     * @param handle how the backend reaches it (a signed URL, or the store's key)
     * @param size   its size, or -1 when the listing does not say
     */
    record RemoteObject(String path, String handle, long size) {
    }

    /**
     * An object's bytes.
     *
     * @param content the bytes
     * @param size    how many, or -1 when not known in advance
     */
    record Download(InputStream content, long size) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
