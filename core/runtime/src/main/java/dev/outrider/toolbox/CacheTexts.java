package dev.outrider.toolbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How Semaphore's {@code cache} CLI writes sizes, durations and times (toolbox.md §1.5, §1.6). */
final class CacheTexts {

    private static final String UNITS = "KMGTPE";
    private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("dd MMM yy HH:mm zzz", Locale.ROOT);

    private CacheTexts() {
    }

    /** @return {@code 512.0} below 1024 bytes, else one decimal and a unit letter: {@code 1.5M} */
    static String size(long bytes) {
        if (bytes < 1024) {
            return String.format(Locale.ROOT, "%.1f", (double) bytes);
        }
        int unit = 0;
        double value = bytes / 1024.0;
        while (value >= 1024 && unit < UNITS.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%c", value, UNITS.charAt(unit));
    }

    /** @return a duration as Go's {@code time.Duration} prints it: {@code 1.5s}, {@code 2m3.25s}, {@code 350ms} */
    static String duration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        double seconds = nanos % 60_000_000_000L / 1e9;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        return text.append(trim(seconds)).append('s').toString();
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.9f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** @return a time in Go's RFC822 layout, {@code 02 Jan 06 15:04 UTC} */
    static String time(Instant instant) {
        return RFC822.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** @return one row of {@code cache list}'s table */
    static String row(String name, String size, String storedAt, String accessedAt) {
        return String.format(Locale.ROOT, "%-60s %-12s %-22s %-22s", name, size, storedAt, accessedAt);
    }
}
