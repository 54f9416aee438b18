package dev.outrider.job;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.toolkit.JobCgroups;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents on this machine that crashed or were killed (SIGKILL, power loss) left of their jobs: the
 * jobs' cgroups, with whatever still runs in them, their work folders and their log spools. A restarted
 * agent registers anew and never resumes the jobs of the process before it, so none of this is needed any
 * more; what a live agent uses is left alone. {@code outrider start} and {@code outrider run} remove it
 * when they start, and say in one line what they removed.
 */
public final class CrashLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(CrashLeftovers.class);
    private static final int NAMED = 10;

    private final JobEnvironment environment;

    @Inject
    public CrashLeftovers(JobEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Logs how jobs' processes are kept on this machine (a warning when not in cgroups), then removes what
     * crashed agents left.
     *
     * @return what was removed
     */
    public Removed remove() {
        JobCgroups cgroups = JobCgroups.detect(environment.agentVariable(JobCgroups.MODE_VARIABLE)
                .map(mode -> Map.of(JobCgroups.MODE_VARIABLE, mode)).orElse(Map.of()));
        if (cgroups.version().isPresent()) {
            LOG.info("Shell jobs' processes are kept in {}", cgroups.describe());
        } else {
            LOG.warn("Shell jobs' processes are kept in {}: they are found by their {} variable instead, which a "
                    + "process that clears its environment escapes; run the agent as root where a cgroup hierarchy "
                    + "is mounted (see 'Job processes' in the README)", cgroups.describe(),
                    ExecutorContext.PROCESS_TAG_VARIABLE);
        }
        List<Path> removedCgroups = new ArrayList<>();
        try {
            removedCgroups.addAll(cgroups.removeLeftovers());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the job cgroups of crashed agents: {}", e.getMessage());
        }
        List<Path> work = new ArrayList<>();
        List<Path> spools = new ArrayList<>();
        Path temporary = environment.temporaryDirectory();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(temporary, "outrider-job-*")) {
            for (Path entry : entries) {
                JobFolders.parse(entry.getFileName().toString())
                        .filter(folder -> !folder.agent().isAlive() && Files.isDirectory(entry))
                        .filter(folder -> deleteTree(entry))
                        .ifPresent(folder -> (folder.spool() ? spools : work).add(entry));
            }
        } catch (IOException e) {
            LOG.warn("Could not look for job folders of crashed agents in {}: {}", temporary, e.getMessage());
        }
        Removed removed = new Removed(removedCgroups, work, spools);
        if (!removed.isEmpty()) {
            LOG.info("Removed what crashed agents left: {}, {}, {}", describe(removedCgroups, "job cgroup"),
                    describe(work, "work folder"), describe(spools, "log spool"));
        }
        return removed;
    }

    private static String describe(List<Path> paths, String kind) {
        String text = paths.size() + " " + kind + (paths.size() == 1 ? "" : "s");
        if (paths.isEmpty()) {
            return text;
        }
        List<String> named = paths.stream().limit(NAMED).map(Path::toString).toList();
        return text + " (" + String.join(", ", named) + (paths.size() > NAMED ? ", and " + (paths.size() - NAMED)
                + " more" : "") + ")";
    }

    private static boolean deleteTree(Path root) {
        try {
            JobFolders.deleteTree(root);
            return true;
        } catch (IOException e) {
            LOG.warn("Could not remove {}, left by a crashed agent: {}", root, e.getMessage());
            return false;
        }
    }

    /**
     * What was removed.
     *
     * @param cgroups the job cgroups (per job, its directory in the first hierarchy)
     * @param work    the work folders
     * @param spools  the log spool folders
     */
    public record Removed(List<Path> cgroups, List<Path> work, List<Path> spools) {
        public Removed {
            cgroups = List.copyOf(cgroups);
            work = List.copyOf(work);
            spools = List.copyOf(spools);
        }

        /** @return whether nothing was removed */
        public boolean isEmpty() {
            return cgroups.isEmpty() && work.isEmpty() && spools.isEmpty();
        }
    }
}
