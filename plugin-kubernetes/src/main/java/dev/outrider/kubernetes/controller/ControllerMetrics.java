package dev.outrider.kubernetes.controller;

import dev.outrider.kubernetes.controller.ControllerStatus.Deletion;
import dev.outrider.kubernetes.controller.ControllerStatus.JobState;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The controller's {@code /metrics}: its status in Prometheus' text format (0.0.4). Every agent type
 * it has seen has a series in each family, at 0 until something happens, so rates and alerts work
 * from the start.
 */
final class ControllerMetrics {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private ControllerMetrics() {
    }

    static String render(ControllerStatus.Snapshot status) {
        StringBuilder text = new StringBuilder();
        family(text, "outrider_controller_agent_jobs", "gauge",
                "Agent Jobs in the namespace by agent type and state (starting, running, succeeded, failed),"
                        + " as the last successful tick found them");
        for (String type : status.agentTypes()) {
            Map<JobState, Integer> states = status.jobs().getOrDefault(type, Map.of());
            for (JobState state : JobState.values()) {
                sample(text, "outrider_controller_agent_jobs", states.getOrDefault(state, 0), "agent_type", type,
                        "state", name(state));
            }
        }
        family(text, "outrider_controller_agent_jobs_created_total", "counter", "Agent Jobs created");
        for (String type : status.agentTypes()) {
            sample(text, "outrider_controller_agent_jobs_created_total", status.created().getOrDefault(type, 0L),
                    "agent_type", type);
        }
        family(text, "outrider_controller_agent_jobs_deleted_total", "counter",
                "Agent Jobs deleted, by why (completed, failed: their keep time passed; start_timeout)");
        for (String type : status.agentTypes()) {
            Map<Deletion, Long> reasons = status.deleted().getOrDefault(type, Map.of());
            for (Deletion reason : Deletion.values()) {
                sample(text, "outrider_controller_agent_jobs_deleted_total", reasons.getOrDefault(reason, 0L),
                        "agent_type", type, "reason", name(reason));
            }
        }
        family(text, "outrider_controller_queue_polls_failed_total", "counter",
                "Polls of an agent type's job queue that failed (unreachable, refused token, bad answer)");
        for (String type : status.agentTypes()) {
            sample(text, "outrider_controller_queue_polls_failed_total", status.pollsFailed().getOrDefault(type, 0L),
                    "agent_type", type);
        }
        family(text, "outrider_controller_ticks_failed_total", "counter",
                "Ticks that could not list the agent Jobs or read the agent-type Secrets");
        sample(text, "outrider_controller_ticks_failed_total", status.ticksFailed());
        family(text, "outrider_controller_last_successful_tick_timestamp_seconds", "gauge",
                "When the last tick that read the cluster ended, in seconds since the epoch; 0 before the first");
        sample(text, "outrider_controller_last_successful_tick_timestamp_seconds",
                status.lastSuccess().map(at -> BigDecimal.valueOf(at.toEpochMilli(), 3).stripTrailingZeros())
                        .orElse(BigDecimal.ZERO).toPlainString());
        family(text, "outrider_controller_max_parallel_jobs", "gauge",
                "MAX_PARALLEL_JOBS: the most unfinished agent Jobs over all agent types");
        sample(text, "outrider_controller_max_parallel_jobs", status.maxParallelJobs());
        return text.toString();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void family(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder text, String name, Object value, String... labelPairs) {
        text.append(name);
        for (int i = 0; i < labelPairs.length; i += 2) {
            text.append(i == 0 ? '{' : ',').append(labelPairs[i]).append("=\"").append(labelPairs[i + 1]
                    .replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        if (labelPairs.length > 0) {
            text.append('}');
        }
        text.append(' ').append(value).append('\n');
    }
}
