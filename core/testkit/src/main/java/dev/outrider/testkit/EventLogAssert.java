package dev.outrider.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
