package dev.outrider.toolbox.artifact;

import dev.outrider.toolbox.call.CallOutput;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The command's log lines, on standard error as Semaphore's {@code artifact} CLI prints them: each
 * prefixed with the UTC time as {@code [Jan _2 15:04:05.000]} (Go's {@code time.StampMilli}, padded to
 * 19 characters). Debug lines only with {@code --verbose}.
 */
final class ArtifactLog {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss.SSS", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final CallOutput output;
    private final Clock clock;
    private final boolean verbose;

    ArtifactLog(CallOutput output, Clock clock, boolean verbose) {
        this.output = output;
        this.clock = clock;
        this.verbose = verbose;
    }

    void info(String message) {
        output.err("[" + STAMP.format(clock.instant()) + "] " + message);
    }

    void error(String message) {
        info(message);
    }

    void debug(String message) {
        if (verbose) {
            info(message);
        }
    }

    /** The command's plain standard output (the {@code --expire-in} warning). */
    void out(String line) {
        output.out(line);
    }
}
