package dev.outrider.toolbox.call;

/**
 * Where a toolbox command run by the agent prints: the calling job's standard output and error, a
 * line at a time, in the order printed.
 */
public interface CallOutput {

    /** Prints a line on standard output; a text with line breaks prints as several lines. */
    void out(String line);

    /** Prints a line on standard error; a text with line breaks prints as several lines. */
    void err(String line);
}
