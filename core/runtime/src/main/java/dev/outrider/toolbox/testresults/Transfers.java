package dev.outrider.toolbox.testresults;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts what the {@code artifact} calls moved, from their own reports, for the closing summary. */
final class Transfers {
    private static final Pattern FILES = Pattern.compile("(?:Pushed|Pulled)\\s+(\\d+)\\s+files?");
    private static final Pattern SIZE = Pattern.compile("Total\\s+of\\s+([\\d.]+)\\s*([KMGT]?B)");

    private int pullOperations;
    private int pullFiles;
    private long pullBytes;
    private int pushOperations;
    private int pushFiles;
    private long pushBytes;

    void pushed(String artifactOutput) {
        pushOperations++;
        pushFiles += files(artifactOutput);
        pushBytes += bytes(artifactOutput);
    }

    void pulled(String artifactOutput) {
        pullOperations++;
        pullFiles += files(artifactOutput);
        pullBytes += bytes(artifactOutput);
    }

    /** Logs the summary, when anything was transferred. */
    void report(Log log) {
        int operations = pullOperations + pushOperations;
        if (operations == 0) {
            return;
        }
        log.info("[test-results] Artifact transfers:");
        if (pullOperations > 0) {
            log.info(line("  → Pulled: ", pullOperations, pullFiles, pullBytes));
        }
        if (pushOperations > 0) {
            log.info(line("  ← Pushed: ", pushOperations, pushFiles, pushBytes));
        }
        log.info(line("  = Total: ", operations, pullFiles + pushFiles, pullBytes + pushBytes));
    }

    private static String line(String label, int operations, int files, long bytes) {
        String counted = label + operations + " " + (operations == 1 ? "operation" : "operations");
        if (files > 0 || bytes > 0) {
            counted += ", " + files + " " + (files == 1 ? "file" : "files") + ", " + size(bytes);
        }
        return counted;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        long divisor = 1024;
        int exponent = 0;
        for (long n = bytes / 1024; n >= 1024; n /= 1024) {
            divisor *= 1024;
            exponent++;
        }
        return String.format(Locale.ROOT, "%.1f %cB", (double) bytes / divisor, "KMGTPE".charAt(exponent));
    }

    private static int files(String output) {
        Matcher matcher = FILES.matcher(output);
        if (!matcher.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(matcher.group(1));
        } catch (NumberFormatException tooLarge) {
            return 0;
        }
    }

    private static long bytes(String output) {
        Matcher matcher = SIZE.matcher(output);
        if (!matcher.find()) {
            return 0;
        }
        double size;
        try {
            size = Double.parseDouble(matcher.group(1));
        } catch (NumberFormatException notNumber) {
            return 0;
        }
        long multiplier = switch (matcher.group(2)) {
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            case "TB" -> 1024L * 1024 * 1024 * 1024;
            default -> 1;
        };
        return (long) (size * multiplier);
    }
}
