package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The requests and limits of each agent Job's container ({@code OUTRIDER_AGENT_RESOURCES}, which the
 * chart fills from {@code agent.resources} as JSON of a container's {@code resources}).
 *
 * @param requests quantities by resource name, as given (e.g. {@code cpu=100m})
 * @param limits   quantities by resource name, as given
 */
record AgentResources(Map<String, String> requests, Map<String, String> limits) {

    /** No requests and no limits: the container gets none (the namespace's defaults apply). */
    static final AgentResources NONE = new AgentResources(Map.of(), Map.of());

    private static final String EXAMPLE = "{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},"
            + "\"limits\":{\"memory\":\"256Mi\"}}";
    /** Kubernetes' quantity syntax, without a sign: resources are never negative. */
    private static final Pattern QUANTITY = Pattern.compile("\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"
            + "([eE][-+]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?");
    private static final Set<String> SECTIONS = Set.of("requests", "limits");

    AgentResources {
        requests = Map.copyOf(requests);
        limits = Map.copyOf(limits);
    }

    /**
     * @param variable the variable's name, for messages
     * @param json     {@code {"requests":{…},"limits":{…}}}, either part optional
     * @throws ControllerSettingsException naming the variable and what in it cannot be used
     */
    static AgentResources parse(String variable, String json) {
        Object tree;
        try {
            tree = json.strip().startsWith("{") ? new KubernetesSerialization().unmarshal(json, Map.class) : null;
        } catch (RuntimeException e) {
            tree = null;
        }
        if (!(tree instanceof Map<?, ?> sections)) {
            throw problem(variable, "'" + json + "' is not a JSON object");
        }
        for (Object key : sections.keySet()) {
            if (!SECTIONS.contains(String.valueOf(key))) {
                throw problem(variable, "has '" + key + "'; only requests and limits can be given");
            }
        }
        AgentResources resources = new AgentResources(quantities(variable, "requests", sections.get("requests")),
                quantities(variable, "limits", sections.get("limits")));
        resources.requests.forEach((name, request) -> {
            String limit = resources.limits.get(name);
            if (limit != null && new Quantity(request).compareTo(new Quantity(limit)) > 0) {
                throw problem(variable, "requests." + name + " " + request + " is more than limits." + name + " "
                        + limit + ", which Kubernetes refuses");
            }
        });
        return resources;
    }

    /** @return a new (mutable, as fabric8's model is) copy for a container */
    ResourceRequirements requirements() {
        ResourceRequirements requirements = new ResourceRequirements();
        requirements.setRequests(toQuantities(requests));
        requirements.setLimits(toQuantities(limits));
        return requirements;
    }

    boolean isEmpty() {
        return requests.isEmpty() && limits.isEmpty();
    }

    private static Map<String, Quantity> toQuantities(Map<String, String> amounts) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        amounts.forEach((name, amount) -> quantities.put(name, new Quantity(amount)));
        return quantities;
    }

    private static Map<String, String> quantities(String variable, String section, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw problem(variable, section + " is not an object of quantities");
        }
        Map<String, String> quantities = new LinkedHashMap<>();
        entries.forEach((name, amount) -> {
            String text = amount instanceof Number || amount instanceof String ? String.valueOf(amount) : "";
            if (String.valueOf(name).isBlank() || !QUANTITY.matcher(text).matches()) {
                throw problem(variable, section + "." + name + " '" + amount + "' is not a quantity; give e.g."
                        + " 100m or 0.5 (cpu), 128Mi or 1Gi (memory)");
            }
            quantities.put(String.valueOf(name), text);
        });
        return quantities;
    }

    private static ControllerSettingsException problem(String variable, String what) {
        return new ControllerSettingsException(variable + ": " + what + "; give JSON of a container's resources,"
                + " e.g. " + EXAMPLE);
    }
}
