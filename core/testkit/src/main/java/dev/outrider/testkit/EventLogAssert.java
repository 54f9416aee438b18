package dev.outrider.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Compares an event log with an expected one, the way Semaphore's end-to-end checker does
 * (logs.md §9.3): the keys of every event must be the same; values must be equal unless the
 * expected value is {@code "*"}; a line {@code *** LONG_OUTPUT ***} takes any number of
 * {@code cmd_output} events; both logs must be used up.
 *
 * <p>Consecutive {@code cmd_output} events are compared as the tolerant checker of the conformance
 * cases does: by their concatenated output, byte for byte, not by where they were cut. Where a
 * running command's output is cut depends on time (logs.md §4.2: a full chunk goes out while the
 * command runs, a short one after 100 ms), so a command that a busy machine lets finish a little
 * later shows the same bytes in two events. The cutting rules themselves are tested against a
 * manual clock ({@code OutputChunkerTest}, {@code OutputChunkerSplitTest}).
 */
public final class EventLogAssert {

    /** Stands for any number of {@code cmd_output} events. */
    public static final String LONG_OUTPUT = "*** LONG_OUTPUT ***";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLogAssert() {
    }

    /**
     * @param actual   the log's lines
     * @param expected the expected lines (blank lines are skipped, surrounding space is trimmed)
     * @throws AssertionError showing both logs and the first difference
     */
    public static void assertEventLog(List<String> actual, String expected) {
        List<String> want = new ArrayList<>();
        for (String line : expected.split("\n")) {
            if (!line.isBlank()) {
                want.add(line.strip());
            }
        }
        int a = 0;
        int e = 0;
        while (e < want.size()) {
            String expectedLine = want.get(e);
            if (expectedLine.equals(LONG_OUTPUT)) {
                while (a < actual.size() && parse(actual.get(a)).path("event").asText().equals("cmd_output")) {
                    a++;
                }
                e++;
                continue;
            }
            if (a >= actual.size()) {
                fail(actual, want, "the log ended; expected line " + (e + 1) + ": " + expectedLine);
            }
            if (isOutput(parse(expectedLine)) && isOutput(parse(actual.get(a)))) {
                int expectedEnd = outputRunEnd(want, e);
                int actualEnd = outputRunEnd(actual, a);
                String problem = outputDifference(want.subList(e, expectedEnd), actual.subList(a, actualEnd));
                if (problem != null) {
                    fail(actual, want, "events " + (a + 1) + "-" + actualEnd + " do not match expected lines " + (e + 1)
                            + "-" + expectedEnd + ": " + problem);
                }
                a = actualEnd;
                e = expectedEnd;
                continue;
            }
            String problem = difference(parse(expectedLine), parse(actual.get(a)));
            if (problem != null) {
                fail(actual, want, "event " + (a + 1) + " " + actual.get(a) + " does not match expected line "
                        + (e + 1) + " " + expectedLine + ": " + problem);
            }
            a++;
            e++;
        }
        if (a < actual.size()) {
            fail(actual, want, "unexpected events from event " + (a + 1) + ": " + actual.get(a));
        }
    }

    private static boolean isOutput(JsonNode event) {
        return event.path("event").asText().equals("cmd_output");
    }

    /** @return the index after the run of {@code cmd_output} events that starts at {@code from} */
    private static int outputRunEnd(List<String> lines, int from) {
        int end = from;
        while (end < lines.size() && !lines.get(end).equals(LONG_OUTPUT) && isOutput(parse(lines.get(end)))) {
            end++;
        }
        return end;
    }

    /**
     * Each event of a run must match the run's first expected line in everything but its output
     * ({@code "*"} as usual); the outputs, concatenated, must be equal.
     */
    private static String outputDifference(List<String> expected, List<String> actual) {
        JsonNode pattern = parse(expected.getFirst()).deepCopy();
        StringBuilder want = new StringBuilder();
        for (String line : expected) {
            JsonNode event = parse(line);
            String problem = difference(withoutOutput(pattern), withoutOutput(event));
            if (problem != null) {
                return problem;
            }
            want.append(event.path("output").asText());
        }
        StringBuilder got = new StringBuilder();
        for (String line : actual) {
            JsonNode event = parse(line);
            String problem = difference(withoutOutput(pattern), withoutOutput(event));
            if (problem != null) {
                return problem + " in " + line;
            }
            got.append(event.path("output").asText());
        }
        if (!want.toString().equals(got.toString())) {
            return "the output is " + JsonNodeFactory.instance.textNode(got.toString()) + ", expected "
                    + JsonNodeFactory.instance.textNode(want.toString());
        }
        return null;
    }

    private static JsonNode withoutOutput(JsonNode event) {
        ObjectNode copy = event.deepCopy();
        if (copy.has("output")) {
            copy.put("output", "*");
        }
        return copy;
    }

    private static String difference(JsonNode expected, JsonNode actual) {
        Set<String> expectedKeys = keys(expected);
        Set<String> actualKeys = keys(actual);
        if (!expectedKeys.equals(actualKeys)) {
            return "keys " + actualKeys + " instead of " + expectedKeys;
        }
        for (String key : expectedKeys) {
            JsonNode want = expected.get(key);
            if (want.isTextual() && want.asText().equals("*")) {
                continue;
            }
            if (!want.equals(actual.get(key))) {
                return "'" + key + "' is " + actual.get(key) + ", expected " + want;
            }
        }
        return null;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static void fail(List<String> actual, List<String> expected, String problem) {
        throw new AssertionError(problem + "\n--- expected ---\n" + String.join("\n", expected)
                + "\n--- actual ---\n" + String.join("\n", actual));
    }
}
