package dev.outrider.toolbox.artifact;

import java.util.Locale;

/** Byte counts as Semaphore's {@code artifact} CLI prints them: {@code 512 B}, {@code 1.5 KB}, 1024-based. */
final class Sizes {

    private Sizes() {
    }

    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        long div = 1024;
        int exp = 0;
        for (long n = bytes / 1024; n >= 1024; n /= 1024) {
            div *= 1024;
            exp++;
        }
        return String.format(Locale.ROOT, "%.1f %cB", (double) bytes / div, "KMGTPE".charAt(exp));
    }

    static String files(int count) {
        return count + (count == 1 ? " file" : " files");
    }
}
