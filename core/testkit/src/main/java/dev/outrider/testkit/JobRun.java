package dev.outrider.testkit;

import dev.outrider.log.EventJson;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogEvent.CommandOutput;
import java.util.List;

/**
 * A finished job as a test sees it.
 *
 * @param result      the job's result
 * @param lines       its event log, one JSON line per event, as written to the spool
 * @param processTag  the tag its processes carried
 */
public record JobRun(JobResult result, List<String> lines, String processTag) {

    public JobRun {
        lines = List.copyOf(lines);
    }

    /** @return the events, parsed */
    public List<LogEvent> events() {
        return lines.stream().map(EventJson::decode).toList();
    }

    /** @return the {@code cmd_output} texts of the step with this directive (its first run), concatenated */
    public String outputOf(String directive) {
        StringBuilder all = new StringBuilder();
        boolean inside = false;
        for (LogEvent event : events()) {
            if (event instanceof LogEvent.CommandStarted started && started.directive().equals(directive)) {
                inside = true;
            } else if (event instanceof LogEvent.CommandFinished finished && inside) {
                return all.toString();
            } else if (inside && event instanceof CommandOutput output) {
                all.append(output.output());
            }
        }
        throw new AssertionError("no finished step '" + directive + "' in the log:\n" + String.join("\n", lines));
    }

    /** @return every {@code cmd_output} text of the whole log, concatenated */
    public String output() {
        StringBuilder all = new StringBuilder();
        for (LogEvent event : events()) {
            if (event instanceof CommandOutput output) {
                all.append(output.output());
            }
        }
        return all.toString();
    }
}
