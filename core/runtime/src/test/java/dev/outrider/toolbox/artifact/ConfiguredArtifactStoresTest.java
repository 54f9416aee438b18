package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.ArtifactStore;
import dev.outrider.spi.ArtifactStoreFactory;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredArtifactStoresTest {

    @TempDir
    Path home;


    private ConfiguredArtifactStores stores() {
        LocalArtifactStoreFactory local = new LocalArtifactStoreFactory(Map.of("HOME", home.toString()));
        return new ConfiguredArtifactStores(name -> {
            if (!name.equals("local")) {
                throw new UnknownExtensionException("no artifact store '" + name + "'; installed: local");
            }
            return local;
        });
    }

    private ToolboxCall call(Optional<ArtifactSettings> artifacts) {
        return new ToolboxCall("artifact", List.of(), "/", Map.of(), new LocalJobFiles(), new CapturedOutput(),
                InputStream::nullInputStream, new CallContext("j", Optional.empty(), artifacts));
    }

    @Test
    void withoutASettingArtifactsGoToTheLocalDefaultFolder() throws Exception {
        try (ArtifactStore store = stores().open(call(Optional.empty()))) {
            store.put("p/artifacts/jobs/j/a.txt", new ByteArrayInputStream("a".getBytes()), 1);
        }
        assertThat(home.resolve(".local/share/outrider/artifacts/p/artifacts/jobs/j/a.txt")).hasContent("a");
    }

    @Test
    void theAgentTypesSettingChoosesTheStoreAndItsFolder() throws Exception {
        Path folder = home.resolve("configured");
        try (ArtifactStore store = stores().open(call(Optional.of(new ArtifactSettings("local",
                Map.of("path", folder.toString())))))) {
            store.put("k", new ByteArrayInputStream("b".getBytes()), 1);
        }
        assertThat(folder.resolve("k")).hasContent("b");
    }

    @Test
    void anUnknownStoreOrOptionNamesTheKey() {
        assertThatThrownBy(() -> stores().open(call(Optional.of(new ArtifactSettings("x", Map.of())))))
                .hasMessage("artifacts.store: no artifact store 'x'; installed: local");
        assertThatThrownBy(() -> stores().open(call(Optional.of(new ArtifactSettings("local", Map.of("bucket", "b"))))))
                .hasMessage("artifacts.options: option 'bucket' is unknown; the local store takes only 'path' (a folder)");
    }

    @Test
    void theDefaultFolderFollowsXdgDataHome() {
        assertThat(new LocalArtifactStoreFactory(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/u")).defaultFolder())
                .isEqualTo(Path.of("/data/outrider/artifacts"));
    }
}
