package dev.outrider.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One line per agent log event: {@code 2026-11-28T01:02:03.456+00:00 INFO  [thread] d.o.agent.Agent: message},
 * then the stack trace of an attached exception. Written out instead of a logback pattern, whose parser
 * and converters are ~150 classes an idle agent would keep loaded for nothing.
 */
final class AgentLogLayout extends LayoutBase<ILoggingEvent> {

    /** Logger names longer than this lose their leading package names to initials, as logback's {@code %logger{24}}. */
    static final int LOGGER_WIDTH = 24;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(OffsetDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), zone), line);
        String level = event.getLevel().toString();
        line.append(' ').append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(" [").append(event.getThreadName()).append("] ");
        line.append(abbreviate(event.getLoggerName())).append(": ").append(event.getFormattedMessage()).append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append('\n');
        }
        return line.toString();
    }

    /** Shortens package names, leftmost first, to their initial until the name fits {@link #LOGGER_WIDTH}. */
    static String abbreviate(String loggerName) {
        if (loggerName.length() <= LOGGER_WIDTH) {
            return loggerName;
        }
        String[] parts = loggerName.split("\\.");
        int length = loggerName.length();
        for (int i = 0; i < parts.length - 1 && length > LOGGER_WIDTH; i++) {
            if (parts[i].length() > 1) {
                length -= parts[i].length() - 1;
                parts[i] = parts[i].substring(0, 1);
            }
        }
        return String.join(".", parts);
    }
}
