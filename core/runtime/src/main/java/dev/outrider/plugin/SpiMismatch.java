package dev.outrider.plugin;

import dev.outrider.spi.SpiVersion;
import java.util.Optional;

/**
 * Recognises a plugin built against an older Outrider SPI: a linkage error (a class, method or field
 * that is not there, an interface method left unimplemented) that names a type of
 * {@code dev.outrider.spi}. Such an error alone says only {@code dev/outrider/spi/JobRequest}; the
 * explanation says what changed and what to do.
 */
public final class SpiMismatch {

    private static final String HINT = "the plugin was built against an older Outrider SPI. " + SpiVersion.CHANGES;

    private SpiMismatch() {
    }

    /**
     * @param error what a plugin threw, or an error it caused
     * @return what changed in the SPI, when {@code error} or one of its causes is a linkage error naming an SPI
     *         type; else empty
     */
    public static Optional<String> explain(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinkageError && t.getMessage() != null && namesSpiType(t.getMessage())) {
                return Optional.of(HINT);
            }
        }
        return Optional.empty();
    }

    /** @return {@code description}, followed by the explanation when {@code error} comes from an older SPI */
    public static String describe(String description, Throwable error) {
        return explain(error).map(hint -> description + "; " + hint).orElse(description);
    }

    private static boolean namesSpiType(String message) {
        return message.contains("dev/outrider/spi/") || message.contains("dev.outrider.spi.");
    }
}
