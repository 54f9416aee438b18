package dev.outrider.toolbox.call;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what a command prints, a line per entry (a text with line breaks becomes several lines): for a
 * command that calls another one in-process, and for tests.
 */
public final class CapturedOutput implements CallOutput {

    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final List<String> both = new ArrayList<>();

    @Override
    public synchronized void out(String line) {
        for (String part : line.split("\n", -1)) {
            out.add(part);
            both.add(part);
        }
    }

    @Override
    public synchronized void err(String line) {
        for (String part : line.split("\n", -1)) {
            err.add(part);
            both.add(part);
        }
    }

    /** @return the standard output's lines */
    public synchronized List<String> out() {
        return List.copyOf(out);
    }

    /** @return the standard error's lines */
    public synchronized List<String> err() {
        return List.copyOf(err);
    }

    /** @return both, in the order printed, joined with line breaks */
    public synchronized String text() {
        return String.join("\n", both);
    }

    /** Forgets what was printed. */
    public synchronized void clear() {
        out.clear();
        err.clear();
        both.clear();
    }
}
