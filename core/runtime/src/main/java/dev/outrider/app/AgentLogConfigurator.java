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
 * {@code $OUTRIDER_LOG_LEVEL} (default INFO). Configured in code, which starts faster than parsing a
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
        root.setLevel(level("OUTRIDER_LOG_LEVEL", Level.INFO));
        // PF4J logs every failed descriptor lookup with a stack trace; Outrider reports plugin failures itself
        context.getLogger("org.pf4j").setLevel(level("OUTRIDER_PF4J_LOG_LEVEL", Level.OFF));
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        context.getLogger("com.pty4j").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Level level(String variable, Level fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Level.toLevel(value, fallback);
    }
}
