package dev.outrider.spi;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Creates a log sink: something that receives every event of every job's log, such as a file, a
 * metrics counter or an external log service. Operators enable sinks by {@link #name()} in the
 * configuration ({@code log-sinks:}).
 */
public interface LogSinkFactory extends ExtensionPoint {

    /** @return the id operators use, unique among installed plugins */
    String name();

    /** @return one line that tells an operator what this sink does */
    String description();

    /**
     * @param options the sink's options from the configuration (may be empty)
     * @return a new sink
     * @throws PluginException when an option is missing or invalid (name the key and the accepted form)
     */
    LogSink create(Map<String, Object> options);
}
