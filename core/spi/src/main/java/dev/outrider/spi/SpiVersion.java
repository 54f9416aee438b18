package dev.outrider.spi;

/**
 * The version of this plugin API. The major number changes when a plugin compiled against an older
 * version may no longer load or run; {@code package-info} lists what changed in each version.
 */
public final class SpiVersion {

    /** The current version: {@value}. */
    public static final String CURRENT = "2.2";

    /** What changed in 2.0 for plugins compiled against 1.x: what a 1.x plugin that fails to load is told. */
    public static final String CHANGES = "Outrider SPI 2.0: executors get a dev.outrider.spi.Job view"
            + " (ExecutorContext.job()) instead of JobRequest, and JobExecutor.injectFile takes a Job.File;"
            + " TerminalSession, MarkerParser and LocalJobFiles moved to outrider-plugin-toolkit"
            + " (package dev.outrider.toolkit); rebuild the plugin against outrider-spi " + CURRENT;

    private SpiVersion() {
    }
}
