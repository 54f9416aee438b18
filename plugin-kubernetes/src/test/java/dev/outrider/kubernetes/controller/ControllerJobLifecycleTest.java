package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What becomes of agent Jobs: retention after they end, the start timeout, and a restart of the controller. */
class ControllerJobLifecycleTest extends WithControllerRig {

    @BeforeEach
    void declareAgentType() {
        rig.agentType("linux-agents", "linux", "linux-token");
    }

    @Test
    void deletesACompletedJobAtOnceByDefault() {
        rig.start(rig.settings());
        String jobId = taken(rig.queue("linux"));
        rig.finish(jobId, true, rig.clock.instant());

        rig.awaitNoJob(jobId);
        assertThat(rig.log.containing("agent Job semaphore-agent-" + jobId + " (agent type 'linux') completed"))
                .hasSize(1);
    }

    @Test
    void keepsACompletedJobForKeepSuccessfulJobsForFromItsCompletion() {
        rig.start(rig.settings("KEEP_SUCCESSFUL_JOBS_FOR", "1h"));
        String jobId = taken(rig.queue("linux"));
        Instant completed = rig.clock.instant().plus(Duration.ofMinutes(30));
        rig.finish(jobId, true, completed);

        rig.clock.advance(Duration.ofMinutes(89));
        rig.awaitTicks(2);
        assertThat(rig.job(jobId)).isNotNull();
        assertThat(rig.log.containing("keeping it for KEEP_SUCCESSFUL_JOBS_FOR=1h")).hasSize(1);

        rig.clock.advance(Duration.ofMinutes(2));
        rig.awaitNoJob(jobId);
    }

    @Test
    void keepsAFailedJobForKeepFailedJobsForGivenInDays() {
        rig.start(rig.settings("KEEP_FAILED_JOBS_FOR", "1d"));
        String jobId = taken(rig.queue("linux"));
        rig.finish(jobId, false, rig.clock.instant());

        rig.clock.advance(Duration.ofHours(23));
        rig.awaitTicks(2);
        assertThat(rig.job(jobId)).isNotNull();
        assertThat(rig.log.containing("failed; keeping it for KEEP_FAILED_JOBS_FOR=1d")).hasSize(1);

        rig.clock.advance(Duration.ofHours(2));
        rig.awaitNoJob(jobId);
    }

    @Test
    void aFinishedJobKeptForRetentionNoLongerCountsAgainstTheCap() {
        rig.start(rig.settings("MAX_PARALLEL_JOBS", "1", "KEEP_FAILED_JOBS_FOR", "1d"));
        String first = taken(rig.queue("linux"));
        String second = rig.queue("linux");
        rig.awaitTicks(2);
        assertThat(rig.job(second)).isNull();

        rig.finish(first, false, rig.clock.instant());

        rig.awaitJob(second);
        assertThat(rig.job(first)).isNotNull();
    }

    @Test
    void deletesAJobWhosePodIsNotReadyWithinJobStartTimeout() {
        rig.start(rig.settings("JOB_START_TIMEOUT", "90s"));
        String slow = rig.queue("linux");
        rig.awaitJob(slow);
        String started = taken(rig.queue("linux"));
        rig.ready(started);
        rig.awaitTicks(2);

        rig.clock.advance(Duration.ofSeconds(80));
        rig.awaitTicks(2);
        assertThat(rig.job(slow)).isNotNull();

        rig.clock.advance(Duration.ofSeconds(20));
        rig.awaitNoJob(slow);
        assertThat(rig.log.containing("agent Job semaphore-agent-" + slow
                + " (agent type 'linux') did not start within JOB_START_TIMEOUT=1m30s: deleting it")).hasSize(1);
        assertThat(rig.job(started)).isNotNull();
    }

    @Test
    void aJobThatWasReadyIsNotTimedOutWhenItsPodIsNoLongerReady() {
        rig.start(rig.settings("JOB_START_TIMEOUT", "5m"));
        String jobId = taken(rig.queue("linux"));
        rig.ready(jobId);
        rig.awaitTicks(2);
        rig.client.batch().v1().jobs().inNamespace(ControllerRig.NAMESPACE).withName("semaphore-agent-" + jobId)
                .editStatus(job -> {
                    job.getStatus().setReady(0);
                    return job;
                });

        rig.clock.advance(Duration.ofMinutes(10));
        rig.awaitTicks(2);

        assertThat(rig.job(jobId)).isNotNull();
    }

    @Test
    void carriesOnAfterARestartFromTheJobsItFinds() throws Exception {
        // The mock API server stamps a Job's creation with the wall clock, the controller reads the test's clock, which
        // is 30 minutes ahead once the Jobs after the restart are made: JOB_START_TIMEOUT must not count those minutes,
        // or the controller deletes the Job that fills the cap as never started and makes one for the job that waits
        String[] settings = {"MAX_PARALLEL_JOBS", "2", "KEEP_SUCCESSFUL_JOBS_FOR", "1h", "JOB_START_TIMEOUT", "3h"};
        rig.start(rig.settings(settings));
        String running = taken(rig.queue("linux"));
        rig.ready(running);
        String kept = taken(rig.queue("linux"));
        rig.finish(kept, true, rig.clock.instant());
        rig.awaitTicks(2);
        rig.stop();

        String stillQueued = rig.queue("linux");
        String waiting = rig.queue("linux");
        rig.clock.advance(Duration.ofMinutes(30));
        rig.start(rig.settings(settings));
        rig.awaitJob(stillQueued);
        rig.awaitTicks(2);

        // the running Job counts against the cap, the kept one is kept and does not; none is made twice
        assertThat(rig.jobs()).hasSize(3);
        assertThat(rig.job(waiting)).isNull();
        assertThat(rig.log.containing("found 2 agent Jobs, 1 of them unfinished")).hasSize(1);
        assertThat(rig.log.containing("created agent Job semaphore-agent-" + running)).hasSize(1);

        rig.clock.advance(Duration.ofMinutes(31));
        rig.awaitNoJob(kept);
    }

    /** Waits for the job's agent Job, then takes the job off the queue, as the agent would by taking it. */
    private String taken(String jobId) {
        rig.awaitJob(jobId);
        rig.hub.stopJob(jobId);
        return jobId;
    }
}
