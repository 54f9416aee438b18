package dev.outrider.toolbox.testresults;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Reads the numbers, booleans and durations of report attributes as Semaphore's Go tool does:
 * what does not parse counts as zero or false, with a warning.
 */
final class Values {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final BigDecimal MAX_SECONDS = new BigDecimal(Long.MAX_VALUE).movePointLeft(9);
    private static final BigDecimal MIN_SECONDS = new BigDecimal(Long.MIN_VALUE).movePointLeft(9);

    private final Log log;

    Values(Log log) {
        this.log = log;
    }

    /** @return seconds as integer nanoseconds, rounded to microseconds first (Go formats them with {@code %f}) */
    long duration(String seconds) {
        if (!DECIMAL.matcher(seconds).matches()) {
            log.warn("Duration parsing failed: strconv.ParseFloat: parsing " + quoted(seconds) + ": invalid syntax");
            return 0;
        }
        double value = Double.parseDouble(seconds);
        if (Double.isInfinite(value)) {
            log.warn("Duration parsing failed: strconv.ParseFloat: parsing " + quoted(seconds) + ": value out of range");
            return 0;
        }
        BigDecimal micros = new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN);
        if (micros.compareTo(MAX_SECONDS) > 0 || micros.compareTo(MIN_SECONDS) < 0) {
            log.warn("Duration parsing failed: time: invalid duration " + quoted(micros.toPlainString() + "s"));
            return 0;
        }
        return micros.movePointRight(9).longValueExact();
    }

    int integer(String text) {
        if (!INTEGER.matcher(text).matches()) {
            log.warn("Integer parsing failed: strconv.Atoi: parsing " + quoted(text) + ": invalid syntax");
            return 0;
        }
        try {
            return Math.toIntExact(Long.parseLong(text));
        } catch (NumberFormatException | ArithmeticException outOfRange) {
            log.warn("Integer parsing failed: strconv.Atoi: parsing " + quoted(text) + ": value out of range");
            return 0;
        }
    }

    boolean bool(String text) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> {
                log.warn("Boolean parsing failed: strconv.ParseBool: parsing " + quoted(text) + ": invalid syntax");
                yield false;
            }
        };
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
