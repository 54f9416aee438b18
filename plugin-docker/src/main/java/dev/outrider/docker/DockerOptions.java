package dev.outrider.docker;

import dev.outrider.spi.PluginException;
import dev.outrider.toolkit.PluginOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code executor-options} of an agent type whose executor is {@code docker}
 * (documented in {@code conf/outrider.example.yml}).
 *
 * @param dockerHost    the engine's address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375});
 *                      empty: {@code $DOCKER_HOST}, else the local socket
 * @param defaultImage  the main container's image for jobs that name no container; empty: such jobs fail
 * @param nanoCpus      CPU limit of each container in billionths of a CPU; 0: no limit
 * @param memoryBytes   memory limit of each container; 0: no limit
 * @param pullPolicy    when images are pulled
 * @param volumes       extra bind mounts of the main container, {@code HOSTPATH:DEST[:ro]}
 * @param privileged    whether containers run privileged
 * @param allowedImages glob patterns ({@code *} any run of characters) an image must match; empty: any image
 * @param stopTimeoutSeconds how long a stopped job's containers get between SIGTERM and SIGKILL
 */
record DockerOptions(String dockerHost, String defaultImage, long nanoCpus, long memoryBytes, PullPolicy pullPolicy,
                     List<String> volumes, boolean privileged, List<String> allowedImages, int stopTimeoutSeconds) {

    /** When images are pulled. */
    enum PullPolicy {
        /** before every job */
        ALWAYS,
        /** only when the engine does not have the image */
        IF_NOT_PRESENT,
        /** never: a missing image fails the job */
        NEVER;

        static PullPolicy of(String text) {
            return switch (text) {
                case "always" -> ALWAYS;
                case "if-not-present" -> IF_NOT_PRESENT;
                case "never" -> NEVER;
                default -> throw problem("pull-policy", text, "always, if-not-present or never");
            };
        }
    }

    static final DockerOptions DEFAULT = new DockerOptions("", "", 0, 0, PullPolicy.IF_NOT_PRESENT, List.of(), false,
            List.of(), 10);

    private static final String OWNER = "executor 'docker'";
    private static final Set<String> KEYS = new TreeSet<>(List.of("docker-host", "default-image", "cpus", "memory",
            "pull-policy", "volumes", "privileged", "allowed-images", "stop-timeout"));
    private static final Pattern MEMORY = Pattern.compile("([0-9]+)([kmg]?)b?");

    DockerOptions {
        volumes = List.copyOf(volumes);
        allowedImages = List.copyOf(allowedImages);
    }

    /**
     * @param options the agent type's {@code executor-options}
     * @throws PluginException naming the key, the bad value and the accepted form
     */
    static DockerOptions parse(Map<String, Object> options) {
        PluginOptions read = new PluginOptions(OWNER, options).requireKnownKeys(KEYS);
        DockerOptions d = DEFAULT;
        return new DockerOptions(
                read.text("docker-host").orElse(d.dockerHost()),
                read.text("default-image").orElse(d.defaultImage()),
                read.text("cpus").map(DockerOptions::nanoCpus).orElse(d.nanoCpus()),
                read.text("memory").map(DockerOptions::memory).orElse(d.memoryBytes()),
                read.text("pull-policy").map(PullPolicy::of).orElse(d.pullPolicy()),
                read.list("volumes").map(DockerOptions::volumes).orElse(d.volumes()),
                read.flag("privileged").orElse(d.privileged()),
                read.list("allowed-images").orElse(d.allowedImages()),
                read.integer("stop-timeout", 0, 3600, "a whole number of seconds from 0 to 3600")
                        .orElse(d.stopTimeoutSeconds()));
    }

    private static long nanoCpus(String text) {
        try {
            double cpus = Double.parseDouble(text);
            if (cpus > 0 && cpus <= 1024) {
                return Math.round(cpus * 1e9);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem("cpus", text, "a number of CPUs greater than 0, such as 1.5");
    }

    private static long memory(String text) {
        Matcher m = MEMORY.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches() && m.group(1).length() < 15) {
            long number = Long.parseLong(m.group(1));
            long bytes = number << switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            if (bytes >= 6 << 20) {
                return bytes;
            }
        }
        throw problem("memory", text, "a size of 6m or more, such as 512m or 2g (bytes, k, m or g)");
    }

    private static List<String> volumes(List<String> volumes) {
        for (String volume : volumes) {
            String[] parts = volume.split(":", -1);
            boolean valid = (parts.length == 2 || parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw")))
                    && parts[0].startsWith("/") && parts[1].startsWith("/");
            if (!valid) {
                throw problem("volumes", volume, "HOSTPATH:DEST or HOSTPATH:DEST:ro with absolute paths");
            }
        }
        return volumes;
    }

    private static PluginException problem(String key, String value, String accepted) {
        return new PluginOptions(OWNER, Map.of()).invalid(key, value, accepted);
    }

    /** @return whether the image may run here; true when no pattern is configured */
    boolean allows(String image) {
        return allowedImages.isEmpty() || allowedImages.stream().anyMatch(pattern -> glob(pattern).matcher(image).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
