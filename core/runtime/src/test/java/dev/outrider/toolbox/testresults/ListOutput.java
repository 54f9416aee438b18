package dev.outrider.toolbox.testresults;

import dev.outrider.toolbox.call.CallOutput;
import java.util.List;

/** Collects what a command prints, standard error lines prefixed {@code err: }, output lines {@code out: }. */
record ListOutput(List<String> lines) implements CallOutput {

    @Override
    public synchronized void out(String line) {
        lines.add("out: " + line);
    }

    @Override
    public synchronized void err(String line) {
        lines.add("err: " + line);
    }
}
