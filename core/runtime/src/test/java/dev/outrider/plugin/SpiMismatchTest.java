package dev.outrider.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.SpiVersion;
import org.junit.jupiter.api.Test;

class SpiMismatchTest {

    @Test
    void explainsAMissingSpiClassOrMethodWithWhatChangedInTheSpi() {
        assertThat(SpiMismatch.describe("boom", new NoClassDefFoundError("dev/outrider/spi/JobRequest$JobFile")))
                .isEqualTo("boom; the plugin was built against an older Outrider SPI. " + SpiVersion.CHANGES);
        assertThat(SpiMismatch.explain(new NoSuchMethodError(
                "'dev.outrider.spi.JobRequest dev.outrider.spi.ExecutorContext.request()'")))
                .hasValueSatisfying(hint -> assertThat(hint).contains("ExecutorContext.job()", "outrider-plugin-toolkit"));
    }

    @Test
    void findsTheLinkageErrorAmongTheCauses() {
        RuntimeException wrapped = new RuntimeException("cannot create extension",
                new NoClassDefFoundError("dev/outrider/spi/TerminalSession"));

        assertThat(OutriderPluginManager.describe(wrapped))
                .startsWith("cannot create extension: dev/outrider/spi/TerminalSession; the plugin was built against"
                        + " an older Outrider SPI. Outrider SPI 2.0");
    }

    @Test
    void saysNothingMoreForErrorsThatDoNotNameTheSpi() {
        assertThat(SpiMismatch.describe("boom", new NoClassDefFoundError("com/example/outrider/MissingClass")))
                .isEqualTo("boom");
        assertThat(SpiMismatch.explain(new IllegalStateException("dev.outrider.spi.Job is fine"))).isEmpty();
    }
}
