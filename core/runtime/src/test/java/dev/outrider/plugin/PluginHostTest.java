package dev.outrider.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.app.Outrider;
import dev.outrider.spi.OutriderInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

    @TempDir
    Path plugins;

    @Test
    void aTruncatedPluginZipIsANamedLoadFailureOnEveryStart() throws Exception {
        byte[] whole = PluginZipTest.zip(Map.of("plugin.properties", "plugin.id=shell\nplugin.version=1.0.0\n",
                "lib/pty4j.jar", "x".repeat(5000)), ZipEntry.DEFLATED);
        Path zip = Files.write(plugins.resolve("outrider-plugin-shell.zip"), Arrays.copyOf(whole, whole.length / 2));

        for (int start = 1; start <= 2; start++) {
            try (Outrider outrider = Outrider.start(new OutriderInfo("1.0.0", plugins))) {
                PluginHost host = outrider.get(PluginHost.class);

                assertThat(host.plugins()).as("start %d", start).isEmpty();
                assertThat(host.failures()).as("start %d", start).singleElement()
                        .satisfies(failure -> assertThat(failure.file()).isEqualTo(zip))
                        .satisfies(failure -> assertThat(failure.reason()).startsWith("the zip is damaged")
                                .contains("copy it again"));
                assertThatThrownBy(() -> host.executors().get("shell")).isInstanceOf(UnknownExtensionException.class);
            }
        }
        assertThat(plugins.resolve("outrider-plugin-shell")).doesNotExist();
    }
}
