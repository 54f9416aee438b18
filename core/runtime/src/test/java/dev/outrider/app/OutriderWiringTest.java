package dev.outrider.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.ConfigurationException;
import dev.outrider.config.ConfigLoader;
import dev.outrider.config.OutriderConfig;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.OutriderInfo;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutriderWiringTest {

    @TempDir
    Path work;

    @Test
    void startRefusesAnUnknownLogSinkNamingItAndTheInstalledOnes() throws Exception {
        OutriderConfig config = config("""
                endpoint: 127.0.0.1:9
                token: t
                log-sinks:
                  - type: tsv-file
                """);

        try (Outrider outrider = Outrider.start(info(), config)) {
            assertThatThrownBy(() -> outrider.agentRuntime().prepare())
                    .isInstanceOf(UnknownExtensionException.class)
                    .hasMessage("no log sink 'tsv-file'; installed: event-file");
        }
    }

    @Test
    void runAttachesTheConfiguredLogSinks() throws Exception {
        Path events = work.resolve("events.ndjson");
        OutriderConfig config = config("""
                log-sinks:
                  - type: event-file
                    options: {path: '%s'}
                """.formatted(events));

        try (Outrider outrider = Outrider.start(info(), config)) {
            outrider.localRun().attachSinks(Map.of());

            assertThat(events).exists();
        }
    }

    @Test
    void buildsOnlyWhatTheCoreModulesBind() {
        try (Outrider outrider = Outrider.start(info())) {
            assertThatThrownBy(() -> outrider.get(Unbound.class))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Explicit bindings are required");
        }
    }

    private OutriderInfo info() {
        return new OutriderInfo("1.0.0", work.resolve("plugins"));
    }

    private OutriderConfig config(String yaml) throws Exception {
        Path file = Files.writeString(work.resolve("outrider.yml"), yaml);
        return ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), ConfigLoader.Mode.RUN);
    }

    static final class Unbound {
        @Inject
        Unbound() {
        }
    }
}
