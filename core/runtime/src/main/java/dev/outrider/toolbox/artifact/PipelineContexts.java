package dev.outrider.toolbox.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contexts {@code sem-context} searches: the workflow's pipelines' artifact ids from
 * {@code SEMAPHORE_PIPELINE_<N>_ARTEFACT_ID}, the current pipeline's (highest N) first. As upstream, a
 * variable matches anywhere in its name and a non-numeric N counts as 0.
 */
final class PipelineContexts {

    private static final Pattern VARIABLE = Pattern.compile("SEMAPHORE_PIPELINE_(.*)_ARTEFACT_ID");

    private PipelineContexts() {
    }

    static List<String> of(Map<String, String> environment) {
        TreeMap<Integer, String> ids = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            Matcher matcher = VARIABLE.matcher(variable.getKey());
            if (matcher.find()) {
                int order;
                try {
                    order = Integer.parseInt(matcher.group(1));
                } catch (NumberFormatException e) {
                    order = 0;
                }
                // Go splits NAME=VALUE at every '=': the value ends at its first '='
                ids.put(order, variable.getValue().split("=", -1)[0]);
            }
        }
        return new ArrayList<>(ids.descendingMap().values());
    }
}
