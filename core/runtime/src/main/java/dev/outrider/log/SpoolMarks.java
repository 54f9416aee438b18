package dev.outrider.log;

import java.util.ArrayDeque;

/**
 * Where whole events end in a job's log spool, as the log wrote them: after each write, how many bytes and
 * events the spool holds. The uploader takes its batches up to such a mark and knows their event count without
 * reading every byte for line ends. Marks are facts, so keeping only the newest {@link #CAPACITY} of them (a
 * backlog of many small writes) costs only speed: between marks the uploader counts line ends itself.
 * Thread-safe: the log adds, the uploader takes.
 */
public final class SpoolMarks {

    /** How many marks are kept at most. */
    static final int CAPACITY = 4096;

    /**
     * A place in the spool.
     *
     * @param bytes  how many bytes the spool holds there
     * @param events how many events those bytes are
     */
    record Mark(long bytes, long events) {
    }

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();

    /** Records that the spool now holds so many bytes and events (both only grow). */
    synchronized void add(long bytes, long events) {
        if (marks.size() == CAPACITY) {
            marks.removeFirst();
        }
        marks.addLast(new Mark(bytes, events));
    }

    /**
     * Forgets the marks up to a place that was read, and finds the farthest mark after it within a budget.
     *
     * @param bytes     where reading goes on, in bytes
     * @param events    where reading goes on, in events
     * @param maxBytes  the most bytes to take
     * @param maxEvents the most events to take
     * @return the farthest mark within both budgets, or {@code null} when none is known
     */
    synchronized Mark farthest(long bytes, long events, long maxBytes, int maxEvents) {
        while (!marks.isEmpty() && marks.peekFirst().bytes() <= bytes) {
            marks.removeFirst();
        }
        Mark found = null;
        for (Mark mark : marks) {
            if (mark.bytes() - bytes > maxBytes || mark.events() - events > maxEvents) {
                break;
            }
            found = mark;
        }
        return found;
    }
}
