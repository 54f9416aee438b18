package dev.outrider.app;

import dev.outrider.sink.ConfiguredLogSinks;
import dev.outrider.sink.LogSinkHost;

/** The log sinks: their host and the configured ones. */
final class SinkModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(LogSinkHost.class);
        bind(ConfiguredLogSinks.class);
    }
}
