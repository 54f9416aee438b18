package dev.outrider.toolkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One agent process, named so that what it leaves on the machine (job cgroups, job folders) can be told
 * apart from what a live agent still uses: its pid and the kernel's start time of that pid, so that a
 * reused pid (an agent restarted as pid 1 of a container) is not taken for the process that crashed.
 *
 * @param pid       the process id
 * @param startTime the process's start time in clock ticks after boot ({@code /proc/PID/stat}, field 22)
 */
public record AgentInstance(long pid, long startTime) {

    private static final Pattern ID = Pattern.compile("(\\d{1,10})-(\\d{1,20})");

    /** @return this process */
    public static AgentInstance current() {
        long pid = ProcessHandle.current().pid();
        return new AgentInstance(pid, startTimeOf(pid).orElse(0L));
    }

    /**
     * @param id an {@link #id()}
     * @return the instance it names, or empty when it is not an id
     */
    public static Optional<AgentInstance> parse(String id) {
        Matcher matcher = ID.matcher(id);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AgentInstance(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return {@code PID-STARTTIME}: a file name that names this process */
    public String id() {
        return pid + "-" + startTime;
    }

    /** @return whether this very process still runs (a zombie does not count) */
    public boolean isAlive() {
        return startTimeOf(pid).filter(time -> time == startTime).isPresent();
    }

    private static Optional<Long> startTimeOf(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).trim().split(" ");
        if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(fields[19])); // field 22: fields[0] is field 3
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
