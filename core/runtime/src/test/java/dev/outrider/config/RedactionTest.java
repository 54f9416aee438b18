package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.config.ConfigLoader.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration records can be logged: secrets never show. */
class RedactionTest {

    @TempDir
    Path folder;

    @Test
    void neverShowsTokensEnvVarValuesOrExecutorOptionValues() throws Exception {
        Path file = Files.writeString(folder.resolve("outrider.yml"), """
                endpoint: my-org.semaphoreci.com
                token: top-s3cr3t
                env-vars: [API_KEY=env-s3cr3t]
                executor-options: {registry-password: option-s3cr3t}
                agents:
                  - label: other
                    token: entry-s3cr3t
                """);

        OutriderConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), Mode.START);

        assertThat(config.toString())
                .contains("my-org.semaphoreci.com", "token=<redacted>", "API_KEY", "registry-password", "label=other")
                .doesNotContain("s3cr3t");
        assertThat(config.agents().get(0).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void showsThatNoTokenIsSet() {
        assertThat(AgentConfig.DEFAULT.toString()).contains("token=,");
    }
}
