package dev.outrider.toolbox.call;

import java.util.List;
import java.util.Locale;

/**
 * Cobra's "Did you mean this?" block for an unknown subcommand, as the Go CLIs of Semaphore's
 * toolbox print it: the commands within an edit distance of 2 of what was typed, or starting with it.
 */
public final class CommandSuggestions {

    private static final int MAX_DISTANCE = 2;

    private CommandSuggestions() {
    }

    /**
     * @param typed    the unknown command as typed
     * @param commands the command's subcommands, in the order cobra lists them (sorted by name)
     * @return the block to append to the error, with its leading blank line; empty when nothing is close
     */
    public static String forTyped(String typed, List<String> commands) {
        String lower = typed.toLowerCase(Locale.ROOT);
        StringBuilder found = new StringBuilder();
        for (String name : commands) {
            if (distance(lower, name) <= MAX_DISTANCE || name.startsWith(lower)) {
                found.append('\t').append(name).append('\n');
            }
        }
        return found.isEmpty() ? "" : "\n\nDid you mean this?\n" + found;
    }

    /** Levenshtein distance, as cobra computes it. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
