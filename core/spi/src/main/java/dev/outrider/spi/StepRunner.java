package dev.outrider.spi;

/** Runs a visible step of a job: {@code cmd_started}, its output, {@code cmd_finished}. */
public interface StepRunner {

    /**
     * Runs one step and logs it.
     *
     * @param directive the step's name in the log
     * @param body      what the step does; its return value is the step's exit code
     * @return the step's exit code
     * @throws InterruptedException when the job's thread was interrupted
     */
    int step(String directive, StepBody body) throws InterruptedException;

    /** The work of one step. */
    @FunctionalInterface
    interface StepBody {
        /**
         * @param output where the step's output goes
         * @return the step's exit code
         * @throws InterruptedException when the job's thread was interrupted
         */
        int run(StepOutput output) throws InterruptedException;
    }
}
