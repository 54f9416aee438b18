package dev.outrider.kubernetes.controller;

import java.util.ArrayList;
import java.util.List;

/** The controller's log lines, kept for assertions (each prefixed with its level). */
final class RecordingLog implements ControllerLog {

    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(String line) {
        lines.add("INFO " + line);
    }

    @Override
    public synchronized void warn(String line) {
        lines.add("WARN " + line);
    }

    @Override
    public synchronized void error(String line) {
        lines.add("ERROR " + line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return the lines containing the text */
    List<String> containing(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }
}
