package dev.outrider.testkit;

import dev.outrider.spi.ArtifactStore;
import dev.outrider.toolbox.artifact.LocalArtifactStoreFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The core's {@code local} artifact store keeps the contract. */
class LocalArtifactStoreContractTest extends ArtifactStoreContractSuite {

    @TempDir
    Path folder;

    @Override
    protected ArtifactStore store() {
        return new LocalArtifactStoreFactory(Map.of()).create(Map.of("path", folder.toString()));
    }
}
