package dev.outrider.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A small {@code /bin/sh} beside a job that outlives the agent only to end the job: it waits for the end
 * of a pipe from the agent, which comes when the agent lets go of the job or dies (even by SIGKILL,
 * which the agent cannot handle), then runs its kill script and exits. It is started by the agent (so it
 * is in the agent's cgroup, not the job's, and has the agent's environment, without the job's tag), and ignores the terminal's and a
 * supervisor's signals, so that it is still there when the agent is gone.
 */
final class JobGuard implements AutoCloseable {

    private final Process process;
    private final OutputStream pipe;

    private JobGuard(Process process) {
        this.process = process;
        this.pipe = process.getOutputStream();
    }

    /**
     * @param killScript the {@code /bin/sh} commands that end every process of the job
     * @return the running guard
     * @throws IOException when {@code /bin/sh} cannot start
     */
    static JobGuard start(String killScript) throws IOException {
        Objects.requireNonNull(killScript, "killScript");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c",
                "trap '' INT TERM HUP QUIT; while read -r _; do :; done; " + killScript, "outrider-job-guard")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        return new JobGuard(builder.start());
    }

    /** @return the guard's process */
    ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** Lets the guard go: it runs its kill script (nothing is left to kill by then) and exits. */
    @Override
    public void close() {
        try {
            pipe.close();
        } catch (IOException e) {
            process.destroyForcibly(); // the pipe is broken: the guard can only have ended already
        }
    }
}
