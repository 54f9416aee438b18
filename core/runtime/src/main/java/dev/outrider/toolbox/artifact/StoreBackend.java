package dev.outrider.toolbox.artifact;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Artifacts in an {@link ArtifactStore}, under {@code <project-id>/} as in Semaphore's storage (jobs without
 * a project id use {@value #NO_PROJECT}). The store's answers take the hub's place: an existing object is
 * refused without {@code --force}, a missing path is "not found".
 */
final class StoreBackend implements ArtifactBackend {

    /** The key prefix of jobs without {@code SEMAPHORE_PROJECT_ID}. */
    static final String NO_PROJECT = "default";

    private final ArtifactStore store;
    private final String prefix;
    private final JobFiles files;

    StoreBackend(ArtifactStore store, String prefix, JobFiles files) {
        this.store = store;
        this.prefix = prefix;
        this.files = files;
    }

    @Override
    public void push(List<Upload> uploads, boolean force) throws ArtifactFailure {
        for (Upload upload : uploads) {
            String key = prefix + upload.remotePath();
            try {
                if (!force && store.exists(key)) {
                    throw new ArtifactFailure("'" + upload.remotePath()
                            + "' already exists in the remote storage; delete it first, or use --force flag");
                }
                try (InputStream in = files.open(upload.localPath())) {
                    store.put(key, in, upload.size());
                }
            } catch (IOException e) {
                throw new ArtifactFailure("failed to store '" + upload.remotePath() + "': " + e.getMessage());
            }
        }
    }

    @Override
    public List<RemoteObject> list(String path) throws ArtifactFailure {
        List<RemoteObject> objects = new ArrayList<>();
        try {
            for (ArtifactStore.StoredObject object : store.list(prefix + path)) {
                objects.add(new RemoteObject(object.key().substring(prefix.length()), object.key(), object.size()));
            }
        } catch (IOException e) {
            throw new ArtifactFailure("failed to list '" + path + "' in the artifact store: " + e.getMessage());
        }
        if (objects.isEmpty()) {
            throw new ArtifactFailure("'" + path + "' does not exist in the artifact store", true);
        }
        return objects;
    }

    @Override
    public Download download(RemoteObject object) throws ArtifactFailure {
        try {
            return new Download(store.get(object.handle()), object.size());
        } catch (IOException e) {
            throw new ArtifactFailure("failed to read '" + object.path() + "' from the artifact store: " + e.getMessage());
        }
    }

    @Override
    public void yank(String path) throws ArtifactFailure {
        for (RemoteObject object : list(path)) {
            try {
                store.delete(object.handle());
            } catch (IOException e) {
                throw new ArtifactFailure("failed to delete '" + object.path() + "' from the artifact store: "
                        + e.getMessage());
            }
        }
    }
}
