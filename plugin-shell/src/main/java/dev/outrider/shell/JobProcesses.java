package dev.outrider.shell;

import dev.outrider.spi.ExecutorContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and ends every process of one job where no cgroup keeps them ({@link dev.outrider.toolkit.JobCgroups}
 * found no writable hierarchy). A job's processes carry its tag in their environment
 * ({@link ExecutorContext#PROCESS_TAG_VARIABLE}), which survives {@code setsid}, {@code nohup},
 * double forks and new process groups; the descendants of the job's shell are added for the rare
 * process that cleared its environment but is still below the shell.
 */
final class JobProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(JobProcesses.class);
    private static final Path PROC = Path.of("/proc");
    private static final int MAX_ROUNDS = 200;

    private final String tag;
    private final byte[] marker;
    private final long self = ProcessHandle.current().pid();

    /** @param tag the job's process tag */
    JobProcesses(String tag) {
        this.tag = tag;
        this.marker = (ExecutorContext.PROCESS_TAG_VARIABLE + "=" + Objects.requireNonNull(tag, "tag") + "\0")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Kills (SIGKILL) every process of the job, again and again until none is left, so that
     * processes forked meanwhile are caught too.
     *
     * @param shell the job's shell, if it was started
     * @return how many processes were killed
     */
    int killAll(Optional<ProcessHandle> shell) {
        int killed = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<ProcessHandle> alive = find(shell);
            if (alive.isEmpty()) {
                return killed;
            }
            // the shell first: once it has its SIGKILL it runs no more code, so the death of its
            // command cannot make it print a job-control notice such as "Killed" into the job's log
            List<ProcessHandle> order = new ArrayList<>(alive);
            order.sort(Comparator.comparing((ProcessHandle process) -> !shell.map(process::equals).orElse(false)));
            for (ProcessHandle process : order) {
                if (process.destroyForcibly()) {
                    killed++;
                }
            }
            for (ProcessHandle process : alive) {
                try {
                    process.onExit().get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // not reaped yet (not our child) or still dying: the next round looks again
                }
            }
        }
        LOG.warn("Processes of a job are still alive after {} rounds of SIGKILL: {}", MAX_ROUNDS, find(shell));
        return killed;
    }

    /**
     * @return {@code /bin/sh} commands that do what {@link #killAll} does, for a {@link JobGuard}: a few
     *         rounds of SIGKILL to every process whose environment holds the job's tag
     */
    String killScript() {
        if (!tag.matches("[0-9A-Za-z_-]+")) {
            throw new IllegalArgumentException("a process tag is letters, digits, '-' and '_', not '" + tag + "'");
        }
        return "for r in 1 2 3; do for e in /proc/[0-9]*/environ; do "
                + "if tr '\\0' '\\n' < \"$e\" 2>/dev/null | grep -qxF '" + ExecutorContext.PROCESS_TAG_VARIABLE + "=" + tag
                + "'; then p=${e#/proc/}; kill -9 \"${p%/environ}\" 2>/dev/null; fi; done; done";
    }

    /** @return the job's processes that are still running (zombies excluded) */
    Set<ProcessHandle> find(Optional<ProcessHandle> shell) {
        Set<ProcessHandle> found = new HashSet<>();
        shell.filter(ProcessHandle::isAlive).ifPresent(found::add);
        shell.ifPresent(s -> s.descendants().forEach(found::add));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!isNumber(name)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid != self && carriesTag(entry)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list processes in /proc: {}", e.getMessage());
        }
        found.removeIf(process -> process.pid() == self || isZombie(process.pid()));
        return found;
    }

    private boolean carriesTag(Path processDirectory) {
        byte[] environment;
        try {
            environment = Files.readAllBytes(processDirectory.resolve("environ"));
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
        return contains(environment);
    }

    private boolean contains(byte[] environment) {
        // variables are NUL-separated: the tag must start an entry
        for (int i = 0; i <= environment.length - marker.length; i++) {
            if ((i == 0 || environment[i - 1] == 0) && regionMatches(environment, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean regionMatches(byte[] environment, int at) {
        for (int j = 0; j < marker.length; j++) {
            if (environment[at + j] != marker[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true; // gone
        }
    }

    private static boolean isNumber(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
