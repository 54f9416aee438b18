package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.JobSettings.ArtifactSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsSettingTest {

    @TempDir
    Path folder;

    private OutriderConfig load(String yaml) throws Exception {
        return ConfigLoader.load(Files.writeString(folder.resolve("outrider.yml"), yaml));
    }

    @Test
    void readsTheStoreAndItsOptionsAtTheTopLevelAndPerAgentType() throws Exception {
        OutriderConfig config = load("""
                artifacts:
                  store: s3
                  options: {endpoint: "http://127.0.0.1:9000", bucket: artifacts}
                agents:
                  - label: inherits
                  - label: own
                    artifacts: {store: local, options: {path: /var/lib/outrider/artifacts}}
                """);
        assertThat(config.agents().get(0).job().artifacts()).contains(new ArtifactSettings("s3",
                Map.of("endpoint", "http://127.0.0.1:9000", "bucket", "artifacts")));
        assertThat(config.agents().get(1).job().artifacts())
                .contains(new ArtifactSettings("local", Map.of("path", "/var/lib/outrider/artifacts")));
    }

    @Test
    void noSettingMeansNoStore() throws Exception {
        assertThat(load("name: a\n").defaults().job().artifacts()).isEqualTo(Optional.empty());
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> load("artifacts: {options: {path: /x}}\n")).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("'artifacts': store is missing; name an artifact store, such as local or s3 "
                        + "(see outrider plugins)");
        assertThatThrownBy(() -> load("artifacts: {store: local, path: /x}\n")).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("'artifacts': 'path' is unknown; give store (an artifact store such as local or s3)"
                        + " and options");
        assertThatThrownBy(() -> load("artifacts: local\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'artifacts': must be a map of store and options");
    }
}
