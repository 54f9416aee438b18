package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.JobSettings.CacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSettingTest {

    @TempDir
    Path folder;

    private OutriderConfig load(String yaml) throws Exception {
        return ConfigLoader.load(Files.writeString(folder.resolve("outrider.yml"), yaml));
    }

    @Test
    void readsTheBackendAndItsOptionsAtTheTopLevelAndPerAgentType() throws Exception {
        OutriderConfig config = load("""
                cache:
                  backend: s3
                  options: {endpoint: "http://127.0.0.1:9000", bucket: semaphore-cache, path-style: true}
                agents:
                  - label: with-top-level-cache
                  - label: own-cache
                    cache: {backend: s3, options: {bucket: other}}
                """);

        assertThat(config.defaults().job().cache()).contains(new CacheSettings("s3",
                Map.of("endpoint", "http://127.0.0.1:9000", "bucket", "semaphore-cache", "path-style", true)));
        assertThat(config.agents().get(0).job().cache()).isEqualTo(config.defaults().job().cache());
        assertThat(config.agents().get(1).job().cache()).contains(new CacheSettings("s3", Map.of("bucket", "other")));
    }

    @Test
    void noCacheKeyMeansNoBackend() throws Exception {
        assertThat(load("name: a\n").defaults().job().cache()).isEqualTo(Optional.empty());
    }

    @Test
    void aCacheWithoutBackendOrWithUnknownKeysIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> load("cache: {options: {bucket: b}}\n")).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("'cache': backend is missing; name a cache backend plugin, such as s3 (see outrider plugins)");
        assertThatThrownBy(() -> load("cache: {backend: s3, bucket: b}\n")).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("'cache': 'bucket' is unknown; give backend (a cache backend plugin such as s3) and options");
        assertThatThrownBy(() -> load("cache: s3\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cache': must be a map of backend and options");
    }
}
