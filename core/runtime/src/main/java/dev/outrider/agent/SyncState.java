package dev.outrider.agent;

import dev.outrider.protocol.SyncRequest;
import dev.outrider.spi.JobResult;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What one agent tells the control plane at each sync (its state, job and result), its access
 * token, the job it runs, and what wakes its sync loop early. Shared by the agent's phases under one
 * lock.
 */
public final class SyncState {

    private final Object lock = new Object();

    private String name;
    private String accessToken;
    private AgentState state = AgentState.WAITING_FOR_JOBS;
    private String jobId = "";
    private String jobResult = "";
    private long interruptedAt;
    private boolean syncNow;
    private ActiveJob job;

    /** Records what registration returned. */
    void registered(String agentName, String token) {
        synchronized (lock) {
            name = agentName;
            accessToken = token;
        }
    }

    /** @return the agent's name (the control plane's, once registered), or null before */
    public String name() {
        synchronized (lock) {
            return name;
        }
    }

    /** @return the access token registration returned, or null before */
    String token() {
        synchronized (lock) {
            return accessToken;
        }
    }

    /** @return the agent's state */
    public AgentState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** @return the body of the next sync */
    SyncRequest request() {
        synchronized (lock) {
            return new SyncRequest(state.wireName(), jobId, jobResult, interruptedAt);
        }
    }

    /** Records the first interruption (epoch seconds) and wakes the sync loop. */
    void interrupted(long epochSecond) {
        synchronized (lock) {
            if (interruptedAt == 0) {
                interruptedAt = epochSecond;
            }
            wake();
        }
    }

    /**
     * Takes a job the control plane handed over, unless one is active.
     *
     * @return the id of the active job that kept this one out, or empty when {@code session} was taken
     */
    Optional<String> begin(ActiveJob session) {
        synchronized (lock) {
            if (state.hasActiveJob()) {
                return Optional.of(jobId);
            }
            state = AgentState.STARTING_JOB;
            jobId = session.id();
            jobResult = "";
            job = session;
            return Optional.empty();
        }
    }

    /** The job was prepared and runs now. */
    void running() {
        synchronized (lock) {
            if (state == AgentState.STARTING_JOB) {
                state = AgentState.RUNNING_JOB;
            }
        }
    }

    /** @return the job to stop (now in state stopping), or empty when there is none to stop */
    Optional<ActiveJob> stopping() {
        synchronized (lock) {
            if (state == AgentState.FINISHED_JOB || job == null) {
                return Optional.empty();
            }
            state = AgentState.STOPPING_JOB;
            return Optional.of(job);
        }
    }

    /** @return the running job, if any */
    Optional<ActiveJob> current() {
        synchronized (lock) {
            return Optional.ofNullable(job);
        }
    }

    /**
     * Records a job's end and wakes the sync loop to report it.
     *
     * @return false when {@code session} is no longer the agent's job (nothing recorded)
     */
    boolean ended(ActiveJob session, JobResult result) {
        synchronized (lock) {
            if (job != session) {
                return false;
            }
            state = AgentState.FINISHED_JOB;
            jobResult = result.wireName();
            wake();
            return true;
        }
    }

    /**
     * Goes back to waiting for jobs unless a job is active.
     *
     * @return whether the agent became idle just now
     */
    boolean waitForJobs() {
        synchronized (lock) {
            boolean wasIdle = state == AgentState.WAITING_FOR_JOBS;
            if (!state.hasActiveJob()) {
                state = AgentState.WAITING_FOR_JOBS;
                jobId = "";
                jobResult = "";
                job = null;
            }
            return !wasIdle && state == AgentState.WAITING_FOR_JOBS;
        }
    }

    /** Waits {@code delayMs} or until something asks for a sync now, whichever comes first. */
    void awaitNextSync(long delayMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        synchronized (lock) {
            while (!syncNow) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            syncNow = false;
        }
    }

    private void wake() {
        syncNow = true;
        lock.notifyAll();
    }
}
