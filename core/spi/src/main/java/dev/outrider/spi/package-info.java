/**
 * The Outrider plugin API.
 *
 * <p>Plugins compile against this package alone (scope {@code provided}); the host shares it, PF4J,
 * SLF4J, {@code jakarta.inject} and Guice with every plugin. Everything here is a published API:
 * changing it breaks third-party plugins.
 *
 * <p>Extension points are named factories: {@link dev.outrider.spi.JobExecutorFactory},
 * {@link dev.outrider.spi.LogSinkFactory} and {@link dev.outrider.spi.CacheBackendFactory}. Mark an
 * implementation with PF4J's {@code @Extension}; it is created through Guice, so its constructor may
 * take the services the core binds (see {@link dev.outrider.spi.OutriderInfo}).
 *
 * <p>The job request records mirror Semaphore's job request JSON; the {@link dev.outrider.spi.LogEvent}
 * records mirror the events of Semaphore's job log, field for field.
 */
package dev.outrider.spi;
