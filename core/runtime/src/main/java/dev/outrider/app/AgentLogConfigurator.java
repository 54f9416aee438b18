package dev.outrider.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The agent's own log: to stderr (stdout belongs to the live job log of {@code outrider run}), at
 * {@code $OUTRIDER_LOG_LEVEL}, else Semaphore's {@code $SEMAPHORE_AGENT_LOG_LEVEL} (default INFO; a
 * value that is no level is named in a warning and INFO is used). Configured in code, which starts faster than parsing a
 * logback.xml; a file given with {@code -Dlogback.configurationFile=...} still takes over.
 */
public final class AgentLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        AgentLogLayout layout = new AgentLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        String variable = System.getenv("OUTRIDER_LOG_LEVEL") != null ? "OUTRIDER_LOG_LEVEL" : "SEMAPHORE_AGENT_LOG_LEVEL";
        String wanted = System.getenv(variable);
        java.util.Optional<Level> level = agentLevel(wanted);
        root.setLevel(level.orElse(Level.INFO));
        // PF4J logs every failed descriptor lookup with a stack trace; Outrider reports plugin failures itself
        context.getLogger("org.pf4j").setLevel(level("OUTRIDER_PF4J_LOG_LEVEL", Level.OFF));
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        context.getLogger("com.pty4j").setLevel(Level.WARN);
        if (level.isEmpty() && wanted != null && !wanted.isBlank()) {
            root.warn("{}='{}' is not a log level; use trace, debug, info, warn or error. Logging at info",
                    variable, wanted.strip());
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * The agent's log level as Outrider's and Semaphore's agents name them (Semaphore's are logrus
     * levels: {@code panic} and {@code fatal} log errors only, {@code warning} is {@code warn}).
     *
     * @param value a level's name, any case; null or blank for the default
     * @return the level, or empty when the value names none
     */
    static java.util.Optional<Level> agentLevel(String value) {
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error", "fatal", "panic" -> Level.ERROR;
            case "off" -> Level.OFF;
            default -> null;
        });
    }

    private static Level level(String variable, Level fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Level.toLevel(value, fallback);
    }
}
