package dev.outrider.testkit.controlplane;

/**
 * Counters of the log pushes for one job (logs.md §6).
 *
 * @param requests       every push for the job, whatever the answer
 * @param accepted       pushes answered 200
 * @param storedLines    lines stored (the next offset expected)
 * @param duplicateLines lines received again for an offset already stored (resends; overwritten)
 * @param gaps           pushes whose {@code start_from} lay beyond the stored lines (answered 400)
 * @param unauthorized   pushes answered 401 (missing/wrong/replaced/expired token, or job finished)
 * @param overQuota      pushes answered 422 (log quota reached)
 */
public record LogStats(int requests, int accepted, int storedLines, int duplicateLines, int gaps,
                       int unauthorized, int overQuota) {

    /** Counters before any push. */
    public static final LogStats NONE = new LogStats(0, 0, 0, 0, 0, 0, 0);
}
