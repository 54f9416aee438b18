package dev.outrider.toolkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The cgroup of one job: every process the job's shell starts is in it, whatever it does ({@code setsid},
 * double forks, ignored signals), so the kernel, not a scan of the process tree, says what to kill.
 * Under cgroup v2 it is one directory; under cgroup v1 one in the {@code pids} and one in the
 * {@code freezer} hierarchy.
 */
public final class JobCgroup {

    private static final long KILL_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final CgroupVersion version;
    private final List<Path> directories;

    /**
     * @param version     the cgroup version of the directories
     * @param directories v2: the job's directory; v1: the job's {@code pids} directory, then its {@code freezer} one
     */
    JobCgroup(CgroupVersion version, List<Path> directories) {
        this.version = Objects.requireNonNull(version, "version");
        this.directories = List.copyOf(directories);
        if (this.directories.size() != (version == CgroupVersion.V2 ? 1 : 2)) {
            throw new IllegalArgumentException("a " + version + " job cgroup has "
                    + (version == CgroupVersion.V2 ? 1 : 2) + " directories, not " + directories);
        }
    }

    /** @return the job's directories (v2: one; v1: {@code pids}, then {@code freezer}) */
    public List<Path> directories() {
        return directories;
    }

    /** @return the files a process writes its pid to, to join the job's cgroup (in every hierarchy) */
    public List<Path> membershipFiles() {
        return directories.stream().map(directory -> directory.resolve("cgroup.procs")).toList();
    }

    /**
     * A command line that runs {@code command} in this cgroup: a {@code /bin/sh} that moves itself into
     * the cgroup, then replaces itself with the command, so that nothing of the job runs outside it. When
     * the shell cannot join, it says so and exits with status 125 without running the command.
     *
     * @param command the command and its arguments
     * @return the command line to start instead
     */
    public List<String> wrap(List<String> command) {
        List<String> line = new ArrayList<>(List.of("/bin/sh", "-c",
                "n=$1; shift; while [ \"$n\" -gt 0 ]; do "
                        + "echo $$ > \"$1\" || { echo \"outrider: cannot move the job's shell into its cgroup ($1)\" >&2; exit 125; }; "
                        + "shift; n=$((n-1)); done; exec \"$@\"",
                "outrider-job-cgroup", Integer.toString(directories.size())));
        membershipFiles().forEach(file -> line.add(file.toString()));
        line.addAll(command);
        return line;
    }

    /** @return the pids of the processes in the cgroup now (empty once it is removed) */
    public Set<Long> pids() {
        Set<Long> pids = new LinkedHashSet<>();
        for (Path file : membershipFiles()) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (NoSuchFileException e) {
                // removed
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return pids;
    }

    /**
     * Kills (SIGKILL) every process in the cgroup, those forked meanwhile included. Under v2 with
     * {@code cgroup.kill} the kernel kills them all at once; otherwise the cgroup is frozen first, so that no
     * process forks or runs a signal handler while they are being killed.
     *
     * @return how many processes were signalled (0 when the kernel killed them through {@code cgroup.kill})
     * @throws IllegalStateException when the cgroup still holds processes after 10 s
     */
    public int kill() {
        return killThen(() -> pids().isEmpty());
    }

    /**
     * {@link #kill() Kills} every process in the cgroup and removes the cgroup, and the agent's folder
     * above it when no other job's cgroup is left there.
     *
     * @return how many processes were signalled
     * @throws IllegalStateException when the cgroup still holds processes or cannot be removed after 10 s
     */
    public int killAndRemove() {
        int killed = killThen(this::removeAll);
        for (Path directory : directories) {
            try {
                Files.deleteIfExists(directory.getParent()); // the agent's folder, once its last job is gone
            } catch (IOException e) {
                // another job of the agent still has its cgroup there
            }
        }
        return killed;
    }

    private int killThen(BooleanSupplier done) {
        int killed = 0;
        boolean interrupted = Thread.interrupted(); // the kill must finish: the flag is restored after it
        long deadline = System.nanoTime() + KILL_DEADLINE_NANOS;
        try {
            while (directories.stream().anyMatch(Files::isDirectory)) {
                killed += killOnce();
                if (done.getAsBoolean()) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the job cgroup " + directories + " still holds processes "
                            + pids() + " after 10 s of SIGKILL");
                }
                interrupted |= pause();
            }
            return killed;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A {@code /bin/sh} script that does what {@link #killAndRemove()} does; the guard of a job runs it when
     * its agent died. It prints nothing and ends within 20 s.
     *
     * @return the script
     */
    public String killScript() {
        String tries = "i=0; while [ $i -lt 400 ]; do ";
        String rest = " sleep 0.05; i=$((i+1)); done; rmdir " + String.join(" ", directories.stream()
                .map(directory -> quote(directory.getParent())).toList()) + " 2>/dev/null; true";
        if (version == CgroupVersion.V2) {
            String d = quote(directories.getFirst());
            return tries + "[ -d " + d + " ] || break; "
                    + "if [ -e " + d + "/cgroup.kill ]; then echo 1 > " + d + "/cgroup.kill; "
                    + "else echo 1 > " + d + "/cgroup.freeze; for p in $(cat " + d + "/cgroup.procs); do kill -9 $p; done; "
                    + "echo 0 > " + d + "/cgroup.freeze; fi 2>/dev/null; "
                    + "rmdir " + d + " 2>/dev/null && break;" + rest;
        }
        String pids = quote(directories.get(0));
        String freezer = quote(directories.get(1));
        return tries + "[ -d " + pids + " ] || [ -d " + freezer + " ] || break; "
                + "{ [ ! -d " + freezer + " ] || echo FROZEN > " + freezer + "/freezer.state; "
                + "for p in $(cat " + pids + "/cgroup.procs " + freezer + "/cgroup.procs); do kill -9 $p; done; "
                + "[ ! -d " + freezer + " ] || echo THAWED > " + freezer + "/freezer.state; "
                + "rmdir " + pids + " " + freezer + "; } 2>/dev/null;" + rest;
    }

    private int killOnce() {
        Path first = directories.getFirst();
        if (version == CgroupVersion.V2 && Files.exists(first.resolve("cgroup.kill"))) {
            write(first.resolve("cgroup.kill"), "1");
            return 0;
        }
        Path freeze = version == CgroupVersion.V2 ? first.resolve("cgroup.freeze") : directories.get(1).resolve("freezer.state");
        write(freeze, version == CgroupVersion.V2 ? "1" : "FROZEN");
        try {
            int killed = 0;
            for (long pid : pids()) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
            return killed;
        } finally {
            // SIGKILL is delivered to a frozen process when it thaws
            write(freeze, version == CgroupVersion.V2 ? "0" : "THAWED");
        }
    }

    private boolean removeAll() {
        boolean removed = true;
        for (Path directory : directories) {
            try {
                Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException e) {
                removed = false;
            } catch (FileSystemException e) {
                removed = false; // EBUSY: processes still exiting
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove the job cgroup " + directory + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            // removed meanwhile
        } catch (IOException e) {
            throw new IllegalStateException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return whether the thread was interrupted meanwhile */
    private static boolean pause() {
        try {
            Thread.sleep(20); // a poll interval while the kernel finishes the kills, not a synchronisation
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\"'\"'") + "'";
    }

    @Override
    public String toString() {
        return version + " " + directories;
    }
}
