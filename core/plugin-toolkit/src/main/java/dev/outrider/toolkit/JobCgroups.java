package dev.outrider.toolkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Where the cgroups of jobs live on this machine, if anywhere: {@code MOUNT/outrider/AGENT/JOB-TAG} in
 * the unified hierarchy (cgroup v2) when one is mounted and writable, else in the v1 {@code pids} and
 * {@code freezer} hierarchies; {@code AGENT} is the {@link AgentInstance#id()} of the agent process that
 * runs the job. When neither is writable, jobs are not kept in cgroups, and their processes are found by
 * the job's process tag instead.
 *
 * <p>{@value #MODE_VARIABLE} in the agent's environment chooses: {@code auto} (the default), {@code v2},
 * {@code v1} or {@code off}.
 */
public final class JobCgroups {

    /** The environment variable that chooses the cgroup hierarchy of jobs. */
    public static final String MODE_VARIABLE = "OUTRIDER_CGROUPS";
    private static final String FOLDER = "outrider";
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final Optional<CgroupVersion> version;
    private final List<Path> roots;
    private final String description;

    private JobCgroups(Optional<CgroupVersion> version, List<Path> roots, String description) {
        this.version = version;
        this.roots = List.copyOf(roots);
        this.description = description;
    }

    /**
     * Finds the hierarchy to use, creating its {@code outrider} folder when it is missing.
     *
     * @param environment the agent's environment (for {@value #MODE_VARIABLE})
     * @return what jobs are kept in
     */
    public static JobCgroups detect(Map<String, String> environment) {
        List<String> mountinfo;
        try {
            mountinfo = Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8);
        } catch (IOException e) {
            mountinfo = List.of();
        }
        return detect(environment.getOrDefault(MODE_VARIABLE, "auto"), mountinfo);
    }

    static JobCgroups detect(String mode, List<String> mountinfo) {
        String chosen = mode.trim().toLowerCase(Locale.ROOT);
        if (chosen.equals("off")) {
            return none(MODE_VARIABLE + " is 'off'");
        }
        boolean v2Allowed = chosen.equals("auto") || chosen.equals("v2");
        boolean v1Allowed = chosen.equals("auto") || chosen.equals("v1");
        if (!v2Allowed && !v1Allowed) {
            return none(MODE_VARIABLE + " is '" + mode + "'; expected auto, v2, v1 or off");
        }
        List<String> problems = new ArrayList<>();
        if (v2Allowed) {
            Optional<Path> mount = mountPoint(mountinfo, "cgroup2", option -> true);
            if (mount.isEmpty()) {
                problems.add("no cgroup2 is mounted");
            } else {
                Optional<String> problem = unusable(mount.get(), "cgroup.procs");
                if (problem.isEmpty() && !Files.exists(mount.get().resolve(FOLDER).resolve("cgroup.kill"))
                        && !Files.exists(mount.get().resolve(FOLDER).resolve("cgroup.freeze"))) {
                    problem = Optional.of("cgroup v2 at " + mount.get() + " offers neither cgroup.kill nor cgroup.freeze");
                }
                if (problem.isEmpty()) {
                    Path root = mount.get().resolve(FOLDER);
                    return new JobCgroups(Optional.of(CgroupVersion.V2), List.of(root), CgroupVersion.V2 + " at " + root);
                }
                problems.add(problem.get());
            }
        }
        if (v1Allowed) {
            Optional<Path> pids = mountPoint(mountinfo, "cgroup", option -> option.equals("pids"));
            Optional<Path> freezer = mountPoint(mountinfo, "cgroup", option -> option.equals("freezer"));
            if (pids.isEmpty() || freezer.isEmpty()) {
                problems.add("no cgroup v1 " + (pids.isEmpty() ? "pids" : "freezer") + " hierarchy is mounted");
            } else {
                Optional<String> problem = unusable(pids.get(), "cgroup.procs")
                        .or(() -> unusable(freezer.get(), "freezer.state"));
                if (problem.isEmpty()) {
                    List<Path> roots = List.of(pids.get().resolve(FOLDER), freezer.get().resolve(FOLDER));
                    return new JobCgroups(Optional.of(CgroupVersion.V1), roots,
                            CgroupVersion.V1 + " at " + roots.get(0) + " and " + roots.get(1));
                }
                problems.add(problem.get());
            }
        }
        return none(String.join("; ", problems));
    }

    private static JobCgroups none(String why) {
        return new JobCgroups(Optional.empty(), List.of(), "no cgroup (" + why + ")");
    }

    /** @return the hierarchy jobs are kept in, or empty when they are not kept in cgroups */
    public Optional<CgroupVersion> version() {
        return version;
    }

    /** @return for the log: the hierarchy and folders in use, or why none is */
    public String describe() {
        return description;
    }

    /**
     * Creates the cgroup of a job.
     *
     * @param agent the agent process that runs the job
     * @param tag   the job's process tag
     * @return the job's cgroup, empty
     * @throws IOException when a directory cannot be created
     * @throws IllegalStateException when jobs are not kept in cgroups here
     */
    public JobCgroup create(AgentInstance agent, String tag) throws IOException {
        JobCgroup cgroup = job(agent.id(), tag);
        for (Path directory : cgroup.directories()) {
            try {
                Files.createDirectories(directory);
            } catch (NoSuchFileException e) {
                // the agent's folder was removed as its last other job ended, between the two mkdirs
                Files.createDirectories(directory);
            }
        }
        return cgroup;
    }

    /**
     * Kills the processes of the job cgroups of agents that are gone (crashed or killed) and removes those
     * cgroups; what live agents use is left alone.
     *
     * @return the directories removed (per job, the first of its hierarchies)
     */
    public List<Path> removeLeftovers() {
        List<Path> removed = new ArrayList<>();
        if (version.isEmpty()) {
            return removed;
        }
        for (String agent : children(roots.toArray(Path[]::new))) {
            if (AgentInstance.parse(agent).map(AgentInstance::isAlive).orElse(true)) {
                continue;
            }
            Path[] agentDirectories = roots.stream().map(root -> root.resolve(agent)).toArray(Path[]::new);
            for (String tag : children(agentDirectories)) {
                JobCgroup cgroup = job(agent, tag);
                cgroup.killAndRemove();
                removed.add(cgroup.directories().getFirst());
            }
            for (Path directory : agentDirectories) {
                try {
                    Files.deleteIfExists(directory);
                } catch (IOException e) {
                    // a job cgroup appeared meanwhile, or the folder is gone: the next start looks again
                }
            }
        }
        return removed;
    }

    private JobCgroup job(String agent, String tag) {
        CgroupVersion kind = version.orElseThrow(() -> new IllegalStateException("jobs are not kept in cgroups here: "
                + description));
        return new JobCgroup(kind, roots.stream().map(root -> root.resolve(agent).resolve(tag)).toList());
    }

    private static TreeSet<String> children(Path... directories) {
        TreeSet<String> names = new TreeSet<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory)) {
                entries.forEach(entry -> names.add(entry.getFileName().toString()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + directory + ": " + e.getMessage(), e);
            }
        }
        return names;
    }

    /** @return why the hierarchy at a mount point cannot keep jobs, or empty when it can */
    private static Optional<String> unusable(Path mount, String expectedFile) {
        Path root = mount.resolve(FOLDER);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            return Optional.of("cannot create " + root + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Files.exists(root.resolve(expectedFile)) || !Files.isWritable(root.resolve("cgroup.procs"))) {
            return Optional.of(root + " is not a writable cgroup");
        }
        return Optional.empty();
    }

    /**
     * @return the mount point of the first mount of a file system type with a super option that matches
     *         ({@code /proc/self/mountinfo}: fields, then {@code -}, the type, the source and the super options)
     */
    private static Optional<Path> mountPoint(List<String> mountinfo, String type, Predicate<String> superOption) {
        for (String line : mountinfo) {
            String[] halves = line.split(" - ", 2);
            String[] fields = halves[0].split(" ");
            if (halves.length < 2 || fields.length < 5) {
                continue;
            }
            String[] after = halves[1].split(" ");
            if (after.length >= 3 && after[0].equals(type)
                    && List.of(after[2].split(",")).stream().anyMatch(superOption)) {
                return Optional.of(Path.of(unescape(fields[4])));
            }
        }
        return Optional.empty();
    }

    /** mountinfo writes a space, tab, newline and backslash of a path as an octal escape ({@code \040}) */
    private static String unescape(String field) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                path.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                path.append(c);
            }
        }
        return path.toString();
    }
}
