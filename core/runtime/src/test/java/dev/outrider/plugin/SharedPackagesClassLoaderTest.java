package dev.outrider.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.Job;
import org.junit.jupiter.api.Test;

class SharedPackagesClassLoaderTest {

    private final SharedPackagesClassLoader shared = new SharedPackagesClassLoader(getClass().getClassLoader());

    @Test
    void givesPluginsTheHostsSpiTypes() throws Exception {
        assertThat(shared.loadClass("dev.outrider.spi.Job")).isSameAs(Job.class);
    }

    @Test
    void keepsThePluginToolkitPrivateSoThatEachPluginBundlesItsOwnVersion() {
        assertThatThrownBy(() -> shared.loadClass("dev.outrider.toolkit.PluginOptions"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> shared.loadClass("dev.outrider.protocol.JobRequest"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
