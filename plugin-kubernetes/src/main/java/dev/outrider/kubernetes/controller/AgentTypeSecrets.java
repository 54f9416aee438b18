package dev.outrider.kubernetes.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the agent types from their Secrets in the controller's namespace, with upstream's label and
 * keys. A Secret that cannot be used is reported (by name and key) and left out; the others work.
 */
final class AgentTypeSecrets {

    static final String RESOURCE_TYPE_LABEL = "semaphoreci.com/resource-type";
    static final String AGENT_TYPE_CONFIGURATION = "agent-type-configuration";

    private final KubernetesClient client;
    private final String namespace;

    AgentTypeSecrets(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The usable agent types and, by Secret name, why the other Secrets are not. */
    record Found(List<AgentType> types, Map<String, String> problems) {
    }

    /** @return the agent types now declared, in the order of their Secrets' names */
    Found read() {
        List<Secret> secrets = new ArrayList<>(client.secrets().inNamespace(namespace)
                .withLabel(RESOURCE_TYPE_LABEL, AGENT_TYPE_CONFIGURATION).list().getItems());
        secrets.sort(Comparator.comparing(secret -> secret.getMetadata().getName()));
        Map<String, AgentType> byName = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Secret secret : secrets) {
            String secretName = secret.getMetadata().getName();
            try {
                AgentType type = parse(secret);
                AgentType first = byName.putIfAbsent(type.name(), type);
                if (first != null) {
                    problems.put(secretName, "agent-type Secret '" + secretName + "' declares agent type '"
                            + type.name() + "' again (Secret '" + first.secretName() + "' did first, and is used);"
                            + " give each agent type one Secret");
                }
            } catch (IllegalArgumentException e) {
                problems.put(secretName, "agent-type Secret '" + secretName + "': " + e.getMessage());
            }
        }
        return new Found(List.copyOf(byName.values()), problems);
    }

    private static AgentType parse(Secret secret) {
        String name = value(secret, "agentTypeName").orElseThrow(() -> missing("agentTypeName",
                "the agent type's name in Semaphore, e.g. s1-k8s"));
        String token = value(secret, "registrationToken").orElseThrow(() -> missing("registrationToken",
                "the agent type's registration token"));
        List<String> parameters = value(secret, "agentStartupParameters").map(ControllerSettings::words)
                .orElse(List.of());
        OptionalInt cap = OptionalInt.empty();
        Optional<String> capText = value(secret, "maxParallelJobs");
        if (capText.isPresent()) {
            cap = OptionalInt.of(count(capText.get()));
        }
        return new AgentType(secret.getMetadata().getName(), name, token, parameters, cap);
    }

    private static int count(String text) {
        try {
            int count = Integer.parseInt(text);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("key 'maxParallelJobs' is '" + text + "', not a whole number of 0 or more;"
                + " fix it or remove the key");
    }

    private static IllegalArgumentException missing(String key, String what) {
        return new IllegalArgumentException("no key '" + key + "' (" + what + "); add it, or remove the label "
                + RESOURCE_TYPE_LABEL + "=" + AGENT_TYPE_CONFIGURATION + " from the Secret");
    }

    /** A key's value from {@code data} (base64) or {@code stringData}; blank counts as absent. */
    private static Optional<String> value(Secret secret, String key) {
        String text = null;
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                text = new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key '" + key + "' is not base64 in 'data'; store it with"
                        + " kubectl create secret generic ... --from-literal=" + key + "=...");
            }
        } else if (secret.getStringData() != null) {
            text = secret.getStringData().get(key);
        }
        return Optional.ofNullable(text).map(String::strip).filter(value -> !value.isEmpty());
    }
}
