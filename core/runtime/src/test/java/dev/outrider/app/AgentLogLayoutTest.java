package dev.outrider.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class AgentLogLayoutTest {

    private final LoggerContext context = new LoggerContext();

    private String layout(String loggerName, Level level, String message, Throwable thrown, Object... arguments) {
        Logger logger = context.getLogger(loggerName);
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, arguments);
        event.setThreadName("main");
        AgentLogLayout layout = new AgentLogLayout();
        layout.setContext(context);
        layout.start();
        return layout.doLayout(event);
    }

    @Test
    void writesTimeLevelThreadLoggerAndFormattedMessageOnOneLine() {
        String line = layout("dev.outrider.agent.AgentSupervisor", Level.INFO, "registered as {}", null, "agent-1");

        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
                + "INFO  \\[main\\] d\\.o\\.a\\.AgentSupervisor: registered as agent-1\n"), line);
    }

    @Test
    void padsLevelsToFiveCharacters() {
        assertTrue(layout("x", Level.WARN, "m", null).contains(" WARN  [main] x: m\n"));
        assertTrue(layout("x", Level.ERROR, "m", null).contains(" ERROR [main] x: m\n"));
    }

    @Test
    void shortensLeadingPackagesUntilTheLoggerNameFits() {
        assertEquals("dev.outrider.Main", AgentLogLayout.abbreviate("dev.outrider.Main"));
        assertEquals("dev.outrider.agent.Agent", AgentLogLayout.abbreviate("dev.outrider.agent.Agent"));
        assertEquals("d.o.a.AgentSupervisor", AgentLogLayout.abbreviate("dev.outrider.agent.AgentSupervisor"));
        assertEquals("d.o.p.LogPushClient", AgentLogLayout.abbreviate("dev.outrider.protocol.LogPushClient"));
        assertEquals("i.v.c.i.ContextInternalImplementation",
                AgentLogLayout.abbreviate("io.vertx.core.impl.ContextInternalImplementation"));
    }

    @Test
    void appendsTheStackTraceOfAnAttachedException() {
        String text = layout("x", Level.ERROR, "failed", new IllegalStateException("broken pipe"));

        assertTrue(text.contains("x: failed\njava.lang.IllegalStateException: broken pipe\n"), text);
        assertTrue(text.contains("\tat dev.outrider.app.AgentLogLayoutTest"), text);
    }
}
