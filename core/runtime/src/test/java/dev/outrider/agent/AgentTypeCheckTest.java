package dev.outrider.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.app.Outrider;
import dev.outrider.config.ConfigLoader;
import dev.outrider.config.OutriderConfig;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.OutriderInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class AgentTypeCheckTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}: executor {1}")
    @CsvSource({
        "missing folder, auto, shell", "missing folder, shell, shell", "missing folder, docker, docker",
        "empty folder, auto, shell", "empty folder, shell, shell",
        "folder of non-plugins, auto, shell", "folder of non-plugins, docker, docker"})
    void refusesAnAgentTypeWhoseExecutorIsNotInstalledNamingItAndThePluginsFolder(String folder, String executor,
                                                                                 String resolved) throws Exception {
        Path plugins = work.resolve("plugins");
        if (!folder.equals("missing folder")) {
            Files.createDirectories(plugins);
        }
        if (folder.equals("folder of non-plugins")) {
            Files.writeString(plugins.resolve("outrider-plugin-shell.zip"), "not a zip");
        }
        Path file = Files.writeString(work.resolve("outrider.yml"), """
                endpoint: 127.0.0.1:9
                token: t
                agents:
                  - label: builders
                    executor: %s
                """.formatted(executor));
        OutriderConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), ConfigLoader.Mode.START);

        try (Outrider outrider = Outrider.start(new OutriderInfo("1.0.0", plugins))) {
            AgentTypeCheck check = new AgentTypeCheck(outrider.get(PluginHost.class));

            var refused = assertThatThrownBy(() -> check.check(config.agents().get(0)))
                    .isInstanceOf(UnknownExtensionException.class)
                    .hasMessageStartingWith("agent type 'builders': executor '" + resolved + "'")
                    .hasMessageContaining("installed: none")
                    .hasMessageContaining("plugins folder: " + plugins);
            if (folder.equals("missing folder")) {
                refused.hasMessageContaining("(it does not exist)");
            }
            if (folder.equals("folder of non-plugins")) {
                refused.hasMessageContaining("failed to load: plugin 'outrider-plugin-shell.zip'");
            }
        }
    }
}
