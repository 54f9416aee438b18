package dev.outrider.toolbox.testresults;

/**
 * What every parser needs besides the report: the job's Semaphore variables stamped on each test,
 * the trimming applied to outputs as tests are read, and the log for warnings.
 */
record Reading(SemaphoreEnv env, Trim trim, Log log) {

    Values values() {
        return new Values(log);
    }
}
