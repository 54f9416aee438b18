package dev.outrider.kubernetes.controller;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What {@code outrider controller} is told through its environment: the variables and defaults of
 * Semaphore's agent-k8s-controller ({@code kubernetes.md} §2.2), so a chart written for it works,
 * plus Outrider's {@code SEMAPHORE_NO_HTTPS}, {@code SEMAPHORE_AGENT_COMMAND},
 * {@code MAX_PARALLEL_JOBS_PER_TYPE}, {@code OUTRIDER_AGENT_RESOURCES} and {@code OUTRIDER_STATUS_ADDRESS}
 * ({@link #VARIABLES}). The namespace ({@code KUBERNETES_NAMESPACE}) is the cluster connection's.
 *
 * @param endpoint               the control plane's host (and port), without scheme
 * @param https                  whether to reach it over HTTPS (agents get {@code --no-https} otherwise)
 * @param agentImage             the image of the agent Jobs
 * @param agentCommand           the agent container's command (its arguments follow it)
 * @param agentLogLevel          {@code SEMAPHORE_AGENT_LOG_LEVEL} of the agents
 * @param maxParallelJobs        at most this many unfinished agent Jobs over all agent types
 * @param maxParallelJobsPerType at most this many per agent type, unless its Secret says otherwise; empty: no cap
 * @param serviceAccount         the agent pods' service account; empty: the namespace's default
 * @param labels                 {@code key=value} labels for the Jobs, also passed to the agents
 * @param startupParameters      agent flags for types whose Secret gives none
 * @param keepFailedJobsFor      how long a failed agent Job is kept (from when it failed)
 * @param keepSuccessfulJobsFor  how long a completed agent Job is kept (from when it completed)
 * @param jobStartTimeout        an agent Job whose pod is not ready this long after its creation is deleted
 * @param agentResources         requests and limits of each agent Job's container
 * @param statusAddress          where to serve /healthz, /readyz and /metrics; empty: nowhere
 * @param pollInterval           how often the queue is polled (10 s; shorter in tests)
 */
record ControllerSettings(String endpoint, boolean https, String agentImage, List<String> agentCommand,
                          String agentLogLevel, int maxParallelJobs, OptionalInt maxParallelJobsPerType,
                          String serviceAccount, List<String> labels, List<String> startupParameters,
                          Duration keepFailedJobsFor, Duration keepSuccessfulJobsFor, Duration jobStartTimeout,
                          AgentResources agentResources, Optional<StatusAddress> statusAddress,
                          Duration pollInterval) {

    /**
     * Every variable {@link #fromEnvironment} reads (a test holds it to that), for the chart's test: each
     * variable the chart gives the controller must be one of these or one the process reads elsewhere
     * ({@link ControllerProcess#VARIABLES}).
     */
    static final Set<String> VARIABLES = Set.of("SEMAPHORE_ENDPOINT", "SEMAPHORE_NO_HTTPS",
            "SEMAPHORE_AGENT_IMAGE", "SEMAPHORE_AGENT_COMMAND", "SEMAPHORE_AGENT_LOG_LEVEL", "MAX_PARALLEL_JOBS",
            "MAX_PARALLEL_JOBS_PER_TYPE", "KUBERNETES_SERVICE_ACCOUNT", "SEMAPHORE_AGENT_LABELS",
            "SEMAPHORE_AGENT_STARTUP_PARAMETERS", "KEEP_FAILED_JOBS_FOR", "KEEP_SUCCESSFUL_JOBS_FOR",
            "JOB_START_TIMEOUT", "OUTRIDER_AGENT_RESOURCES", "OUTRIDER_STATUS_ADDRESS");

    static final String DEFAULT_AGENT_IMAGE = "semaphoreci/agent:latest";
    static final String DEFAULT_AGENT_COMMAND = "/opt/semaphore/agent start";
    static final int DEFAULT_MAX_PARALLEL_JOBS = 10;
    static final Duration DEFAULT_JOB_START_TIMEOUT = Duration.ofMinutes(5);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    ControllerSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(agentImage, "agentImage");
        agentCommand = List.copyOf(agentCommand);
        Objects.requireNonNull(agentLogLevel, "agentLogLevel");
        Objects.requireNonNull(maxParallelJobsPerType, "maxParallelJobsPerType");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        labels = List.copyOf(labels);
        startupParameters = List.copyOf(startupParameters);
        Objects.requireNonNull(keepFailedJobsFor, "keepFailedJobsFor");
        Objects.requireNonNull(keepSuccessfulJobsFor, "keepSuccessfulJobsFor");
        Objects.requireNonNull(jobStartTimeout, "jobStartTimeout");
        Objects.requireNonNull(agentResources, "agentResources");
        Objects.requireNonNull(statusAddress, "statusAddress");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * @param environment the process environment
     * @return the settings
     * @throws ControllerSettingsException naming the first variable that cannot be used
     */
    static ControllerSettings fromEnvironment(Map<String, String> environment) {
        Variables env = new Variables(environment);
        String endpoint = env.text("SEMAPHORE_ENDPOINT", "");
        if (endpoint.isEmpty()) {
            throw new ControllerSettingsException("SEMAPHORE_ENDPOINT is not set; give your organization's host,"
                    + " e.g. SEMAPHORE_ENDPOINT=my-org.semaphoreci.com");
        }
        boolean https = !env.flag("SEMAPHORE_NO_HTTPS");
        String lower = endpoint.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            https = false;
            endpoint = endpoint.substring("http://".length());
        } else if (lower.startsWith("https://")) {
            endpoint = endpoint.substring("https://".length());
        }
        endpoint = endpoint.replaceAll("/+$", "");
        if (endpoint.isEmpty() || endpoint.contains("/") || !validAuthority(endpoint)) {
            throw new ControllerSettingsException("SEMAPHORE_ENDPOINT '" + env.text("SEMAPHORE_ENDPOINT", "")
                    + "' is not a host; give host[:port], e.g. my-org.semaphoreci.com");
        }
        List<String> command = words(env.text("SEMAPHORE_AGENT_COMMAND", DEFAULT_AGENT_COMMAND));
        if (command.isEmpty()) {
            throw new ControllerSettingsException("SEMAPHORE_AGENT_COMMAND is blank; give the agent's command, e.g. '"
                    + DEFAULT_AGENT_COMMAND + "' (the default)");
        }
        int perTypeCap = env.count("MAX_PARALLEL_JOBS_PER_TYPE", 0);
        String resources = env.text("OUTRIDER_AGENT_RESOURCES", "");
        String statusAddress = env.text("OUTRIDER_STATUS_ADDRESS", "");
        return new ControllerSettings(endpoint, https,
                env.text("SEMAPHORE_AGENT_IMAGE", DEFAULT_AGENT_IMAGE),
                command,
                env.text("SEMAPHORE_AGENT_LOG_LEVEL", "info"),
                env.count("MAX_PARALLEL_JOBS", DEFAULT_MAX_PARALLEL_JOBS),
                perTypeCap > 0 ? OptionalInt.of(perTypeCap) : OptionalInt.empty(),
                env.text("KUBERNETES_SERVICE_ACCOUNT", ""),
                labels(env.text("SEMAPHORE_AGENT_LABELS", "")),
                words(env.text("SEMAPHORE_AGENT_STARTUP_PARAMETERS", "")),
                env.duration("KEEP_FAILED_JOBS_FOR", Duration.ZERO),
                env.duration("KEEP_SUCCESSFUL_JOBS_FOR", Duration.ZERO),
                env.positiveDuration("JOB_START_TIMEOUT", DEFAULT_JOB_START_TIMEOUT),
                resources.isEmpty() ? AgentResources.NONE : AgentResources.parse("OUTRIDER_AGENT_RESOURCES", resources),
                statusAddress.isEmpty() ? Optional.empty()
                        : Optional.of(StatusAddress.parse("OUTRIDER_STATUS_ADDRESS", statusAddress)),
                POLL_INTERVAL);
    }

    /** @return these settings polling at another interval (tests) */
    ControllerSettings withPollInterval(Duration interval) {
        return new ControllerSettings(endpoint, https, agentImage, agentCommand, agentLogLevel, maxParallelJobs,
                maxParallelJobsPerType, serviceAccount, labels, startupParameters, keepFailedJobsFor,
                keepSuccessfulJobsFor, jobStartTimeout, agentResources, statusAddress, interval);
    }

    /** @return the URL of the queue of an agent type's jobs */
    URI queuedJobsUrl() {
        return URI.create((https ? "https://" : "http://") + endpoint + "/api/v1/self_hosted_agents/jobs");
    }

    /** Words split on white space, as upstream splits startup parameters (without its empty words). */
    static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    private static boolean validAuthority(String authority) {
        try {
            URI uri = new URI("https://" + authority);
            return uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static List<String> labels(String text) {
        List<String> labels = new ArrayList<>();
        if (text.isBlank()) {
            return labels;
        }
        for (String item : text.split(",", -1)) {
            String label = item.strip();
            String[] parts = label.split("=", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new ControllerSettingsException("SEMAPHORE_AGENT_LABELS: '" + label + "' is not a label;"
                        + " give comma-separated key=value pairs, e.g. team=ci,env=prod");
            }
            labels.add(label);
        }
        return labels;
    }

    /** Reads variables, treating empty ones as unset (as upstream does). */
    private record Variables(Map<String, String> environment) {

        String text(String name, String fallback) {
            String value = environment.getOrDefault(name, "").strip();
            return value.isEmpty() ? fallback : value;
        }

        boolean flag(String name) {
            String value = text(name, "false").toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new ControllerSettingsException(name + " '" + environment.get(name)
                        + "' is not a boolean; give true or false");
            };
        }

        int count(String name, int fallback) {
            String value = text(name, "");
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int count = Integer.parseInt(value);
                if (count >= 0) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ControllerSettingsException(name + " '" + value + "' is not a number of jobs; give a whole"
                    + " number of 0 or more, e.g. " + name + "=" + DEFAULT_MAX_PARALLEL_JOBS);
        }

        Duration duration(String name, Duration fallback) {
            String value = text(name, "");
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw new ControllerSettingsException(name + ": " + e.getMessage());
            }
        }

        Duration positiveDuration(String name, Duration fallback) {
            Duration duration = duration(name, fallback);
            if (duration.isZero()) {
                throw new ControllerSettingsException(name + " '" + text(name, "") + "' must be longer than 0; give"
                        + " e.g. " + name + "=" + DurationText.format(fallback));
            }
            return duration;
        }
    }
}
