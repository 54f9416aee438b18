package dev.outrider.toolkit;

/** The cgroup hierarchies job processes are kept in. */
public enum CgroupVersion {
    /** the unified hierarchy ({@code cgroup2}): one directory per job, killed through {@code cgroup.kill} or frozen first */
    V2("cgroup v2"),
    /** the v1 {@code pids} and {@code freezer} hierarchies: a directory in each per job, frozen, then killed */
    V1("cgroup v1 (pids+freezer)");

    private final String label;

    CgroupVersion(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
