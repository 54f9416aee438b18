/**
 * The Outrider plugin API, version {@value dev.outrider.spi.SpiVersion#CURRENT}.
 *
 * <p>Plugins compile against this package alone (scope {@code provided}); the host shares it, PF4J,
 * SLF4J, {@code jakarta.inject} and Guice with every plugin. Everything here is a published API:
 * changing it breaks third-party plugins. Helpers that are not contracts (the terminal session and
 * its marker protocol, {@code LocalJobFiles}, an options reader) live in {@code outrider-plugin-toolkit},
 * which a plugin bundles in its zip.
 *
 * <p>Extension points are named factories: {@link dev.outrider.spi.JobExecutorFactory},
 * {@link dev.outrider.spi.LogSinkFactory} and {@link dev.outrider.spi.CacheBackendFactory}. Mark an
 * implementation with PF4J's {@code @Extension}; it is created through Guice, so its constructor may
 * take the services the core binds (see {@link dev.outrider.spi.OutriderInfo}).
 *
 * <p>Executors get a {@link dev.outrider.spi.Job}: the job decoded once by the core, without the
 * wire's tokens and URLs. The {@link dev.outrider.spi.LogEvent} records mirror the events of
 * Semaphore's job log, field for field.
 *
 * <h2>Versions</h2>
 * <ul>
 *   <li>2.2: {@link dev.outrider.spi.StepOutput#writeUntranslated} takes the output of a terminal that does not
 *       translate newlines (a default method: outputs of earlier plugins keep working).</li>
 *   <li>2.1: plugins may add commands to {@code outrider} ({@link dev.outrider.spi.PluginCommand}).</li>
 *   <li>2.0: executors get a {@link dev.outrider.spi.Job} view ({@link dev.outrider.spi.ExecutorContext#job()})
 *       instead of {@code JobRequest}, and {@link dev.outrider.spi.JobExecutor#injectFile} takes a
 *       {@link dev.outrider.spi.Job.File} with its decoded content; {@code JobRequest} left the SPI;
 *       {@code TerminalSession}, {@code MarkerParser} and {@code LocalJobFiles} moved to
 *       {@code outrider-plugin-toolkit} (package {@code dev.outrider.toolkit}). Log sinks, cache
 *       backends and artifact stores are unchanged.</li>
 *   <li>1.0: the first published API.</li>
 * </ul>
 */
package dev.outrider.spi;
