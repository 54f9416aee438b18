package dev.outrider.kubernetes.controller;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Semaphore's controller settings write them: Go's {@code time.ParseDuration} syntax
 * ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code 1.5h}, {@code 300ms}, {@code 0}) plus days
 * ({@code 1d}, {@code 2d12h}), which upstream's own chart uses as a default although Go rejects it.
 */
final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);

    private DurationText() {
    }

    /**
     * @param text a duration such as {@code 1d}, {@code 5m}, {@code 90s} or {@code 0}
     * @return the duration
     * @throws IllegalArgumentException saying what is wrong with the text and what is expected
     */
    static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; give a duration such as 90s, 5m, 1h30m or 1d");
        }
        String unsigned = trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        Matcher part = PART.matcher(unsigned);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < unsigned.length() && part.find(at) && part.start() == at) {
            nanos = nanos.add(new BigDecimal(part.group(1).startsWith(".") ? "0" + part.group(1) : part.group(1))
                    .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
            at = part.end();
        }
        if (at == 0 || at < unsigned.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; give a number with a unit (ms, s, m,"
                    + " h, d), e.g. 90s, 5m, 1h30m or 1d");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long; give at most 106751d");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** @return the duration the way {@link #parse} reads it back, e.g. {@code 1d}, {@code 1h30m}, {@code 90s}, {@code 0} */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        long days = duration.toDays();
        append(text, days, "d");
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.isEmpty() ? duration.toNanos() + "ns" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
