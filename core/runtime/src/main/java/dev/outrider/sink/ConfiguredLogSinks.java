package dev.outrider.sink;

import dev.outrider.config.LogSinkConfig;
import dev.outrider.config.OutriderConfig;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.PluginException;
import jakarta.inject.Inject;
import java.util.Objects;

/** The one place the configuration's {@code log-sinks} are made and attached, for {@code start} and {@code run}. */
public final class ConfiguredLogSinks {

    private final OutriderConfig config;
    private final PluginHost plugins;
    private final LogSinkHost host;

    /**
     * @param config  the configuration whose {@code log-sinks} to attach
     * @param plugins the installed log sinks
     * @param host    where the sinks run
     */
    @Inject
    public ConfiguredLogSinks(OutriderConfig config, PluginHost plugins, LogSinkHost host) {
        this.config = Objects.requireNonNull(config, "config");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * Makes each configured sink and starts delivering events to it, in the configuration's order.
     *
     * @throws UnknownExtensionException naming the sink type and the installed ones
     * @throws PluginException           when a sink refuses its options
     */
    public void attach() {
        for (LogSinkConfig sink : config.logSinks()) {
            host.attach(sink.type(), plugins.logSinks().get(sink.type()).create(sink.options()));
        }
    }
}
