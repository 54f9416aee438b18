package dev.outrider.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogEvent.CommandFinished;
import dev.outrider.spi.LogEvent.CommandOutput;
import dev.outrider.spi.LogEvent.CommandStarted;
import dev.outrider.spi.LogEvent.JobFinished;
import dev.outrider.spi.LogEvent.JobStarted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The job log's wire format: one compact JSON object per event, fields in Semaphore's order, strings
 * escaped as Go's {@code encoding/json} escapes them.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * How Go's encoder writes the ASCII characters it escapes (control characters, {@code "}, {@code \\},
     * {@code <}, {@code >}, {@code &}); {@code null} for the others.
     */
    private static final String[] ASCII_ESCAPES = new String[0x80];

    static {
        for (char c = 0; c < 0x20; c++) {
            ASCII_ESCAPES[c] = unicodeEscape(c);
        }
        for (char c : new char[] {'<', '>', '&'}) {
            ASCII_ESCAPES[c] = unicodeEscape(c);
        }
        ASCII_ESCAPES['"'] = "\\\"";
        ASCII_ESCAPES['\\'] = "\\\\";
        ASCII_ESCAPES['\n'] = "\\n";
        ASCII_ESCAPES['\r'] = "\\r";
        ASCII_ESCAPES['\t'] = "\\t";
        ASCII_ESCAPES['\b'] = "\\b";
        ASCII_ESCAPES['\f'] = "\\f";
    }

    private EventJson() {
    }

    /** @return the event as one JSON object, without a line end */
    public static String encode(LogEvent event) {
        return appendTo(new StringBuilder(64), event).toString();
    }

    /** Appends the event as one JSON object, without a line end. @return {@code json} */
    static StringBuilder appendTo(StringBuilder json, LogEvent event) {
        json.append("{\"event\":\"").append(event.type()).append("\",\"timestamp\":").append(event.timestamp());
        switch (event) {
            case JobStarted ignored -> {
            }
            case CommandStarted started -> appendString(json.append(",\"directive\":"), started.directive());
            case CommandOutput output -> appendString(json.append(",\"output\":"), output.output());
            case CommandFinished finished -> {
                appendString(json.append(",\"directive\":"), finished.directive());
                json.append(",\"exit_code\":").append(finished.exitCode())
                        .append(",\"started_at\":").append(finished.startedAt())
                        .append(",\"finished_at\":").append(finished.finishedAt());
            }
            case JobFinished finished -> appendString(json.append(",\"result\":"), finished.result().wireName());
        }
        return json.append('}');
    }

    /**
     * Parses one line of a job log.
     *
     * @throws IllegalArgumentException when the line is not one of the five events, with exactly their keys
     */
    public static LogEvent decode(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + line, e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + line);
        }
        String type = text(node, "event");
        long timestamp = number(node, "timestamp");
        LogEvent event = switch (type) {
            case "job_started" -> new JobStarted(timestamp);
            case "cmd_started" -> new CommandStarted(timestamp, text(node, "directive"));
            case "cmd_output" -> new CommandOutput(timestamp, text(node, "output"));
            case "cmd_finished" -> new CommandFinished(timestamp, text(node, "directive"),
                    Math.toIntExact(number(node, "exit_code")), number(node, "started_at"), number(node, "finished_at"));
            case "job_finished" -> new JobFinished(timestamp, JobResult.fromWireName(text(node, "result")));
            default -> throw new IllegalArgumentException("unknown event '" + type + "': " + line);
        };
        Set<String> keys = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        if (!keys.equals(keysOf(event))) {
            throw new IllegalArgumentException("event '" + type + "' has keys " + keys + ", expected " + keysOf(event));
        }
        return event;
    }

    private static Set<String> keysOf(LogEvent event) {
        return switch (event) {
            case JobStarted ignored -> Set.of("event", "timestamp");
            case CommandStarted ignored -> Set.of("event", "timestamp", "directive");
            case CommandOutput ignored -> Set.of("event", "timestamp", "output");
            case CommandFinished ignored -> Set.of("event", "timestamp", "directive", "exit_code", "started_at", "finished_at");
            case JobFinished ignored -> Set.of("event", "timestamp", "result");
        };
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || (field.equals("exit_code") && !value.canConvertToInt())) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a whole number in " + node);
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string in " + node);
        }
        return value.asText();
    }

    /** Appends a JSON string literal, escaped as Go's encoder does it. */
    static void appendString(StringBuilder json, String value) {
        json.append('"');
        int length = value.length();
        int run = 0; // start of the stretch of characters that need no escape
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!needsEscape(c)) {
                continue;
            }
            json.append(value, run, i);
            json.append(c < 0x80 ? ASCII_ESCAPES[c] : unicodeEscape(c));
            run = i + 1;
        }
        json.append(value, run, length);
        json.append('"');
    }

    /**
     * @return how Go's encoder writes an ASCII character inside a string, or {@code null} when it writes it as it
     *         is: the one table of escapes, which {@link EventLines} shares for its byte-level fast path
     */
    static String asciiEscape(int c) {
        return ASCII_ESCAPES[c];
    }

    private static boolean needsEscape(char c) {
        return c < 0x80 ? ASCII_ESCAPES[c] != null : c == '\u2028' || c == '\u2029' || c == '\uFFFD';
    }

    private static String unicodeEscape(char c) {
        return "\\u" + HEX[(c >> 12) & 0xF] + HEX[(c >> 8) & 0xF] + HEX[(c >> 4) & 0xF] + HEX[c & 0xF];
    }

    /** Wraps an I/O failure of a log file, naming the file in {@code what}. */
    public static UncheckedIOException failure(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}
