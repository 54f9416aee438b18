package dev.outrider.job;

import dev.outrider.config.EnvVarNames;
import dev.outrider.config.JobSettings;
import dev.outrider.event.JobEvents;
import dev.outrider.log.JobLog;
import dev.outrider.plugin.SpiMismatch;
import dev.outrider.spi.Job;
import dev.outrider.spi.Job.Command;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogEvent.JobFinished;
import dev.outrider.spi.LogEvent.JobStarted;
import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one job, event for event as Semaphore's agent runs it (job.md §4): start the
 * executor, export the environment, inject files, the pre-job hook, the commands until the first
 * failure, the exit-130 check, the result, the epilogues, the post-job hook, {@code job_finished}.
 * Independent of any executor.
 */
public final class JobRunner {

    static final String EXPORT_STEP = "Exporting environment variables";
    static final String INJECT_STEP = "Injecting Files";
    static final String PRE_JOB_HOOK_STEP = "Running the pre-job hook configured in the agent";
    static final String POST_JOB_HOOK_STEP = "Running the post-job hook configured in the agent";
    static final String CHECK_RESULT_STEP = "Checking job result";
    static final String BROKEN_STEP = "Job failed inside Outrider";
    static final String LOG_LOST_STEP = "Storing the job log";
    static final String JOB_RESULT_VARIABLE = "SEMAPHORE_JOB_RESULT";
    private static final int STOP_FROM_INSIDE = 130;

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Job job;
    private final JobExecutor executor;
    private final JobLog log;
    private final JobSettings settings;
    private final StepLogger steps;
    private final JobEvents events;
    private volatile boolean stopped;
    private volatile boolean logLost;

    /**
     * @param job      the job, decoded
     * @param executor a new, not yet started executor for it
     * @param log      the job's log
     * @param settings what the agent adds to every job
     * @param timer    runs the delayed flushes of command output
     * @param events   where the job's start and steps are published
     */
    public JobRunner(Job job, JobExecutor executor, JobLog log, JobSettings settings,
                     ScheduledExecutorService timer, JobEvents events) {
        this.job = Objects.requireNonNull(job, "job");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.steps = new StepLogger(log, timer, events);
        log.whenStoringFails(failure -> {
            // the job's output can no longer be kept: the job fails now rather than run on unlogged
            logLost = true;
            Thread.ofVirtual().name("stop-" + job.id()).start(executor::stop);
        });
    }

    /**
     * Stops the job: the running command ends with exit code 1, nothing after it runs but the
     * post-job hook, and the job ends {@code stopped}. Safe from any thread, more than once.
     */
    public void stop() {
        stopped = true;
        executor.stop();
    }

    /**
     * Runs the job to its end and logs it, from {@code job_started} to {@code job_finished}.
     *
     * @return the job's result
     * @throws InterruptedException when the calling thread was interrupted
     */
    public JobResult run() throws InterruptedException {
        log.append(new JobStarted(log.now()));
        events.started();
        JobResult result;
        try {
            result = lifecycle();
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable e) {
            // an executor broke (a NoClassDefFoundError of a plugin, a bug): the job fails, the agent goes on;
            // nothing more runs in an executor that threw
            LOG.error("Job '{}' failed: {}", job.id(), describe(e), e);
            steps.instantStep(BROKEN_STEP, "The job's executor failed: " + describe(e) + "\n", 1);
            result = JobResult.FAILED;
        }
        return finish(result);
    }

    private JobResult lifecycle() throws InterruptedException {
        if (!startExecutor()) {
            return stopped ? JobResult.STOPPED : JobResult.FAILED;
        }

        boolean setupFailed = steps.step(EXPORT_STEP, this::exportJobEnvironment) != 0;
        if (!setupFailed && !stopped) {
            setupFailed = steps.step(INJECT_STEP, this::injectFiles) != 0;
        }
        if (!setupFailed && !stopped && !settings.preJobHookPath().isEmpty()) {
            int hook = steps.step(PRE_JOB_HOOK_STEP, this::runPreJobHook);
            setupFailed = hook != 0 && settings.failOnPreJobHookError();
        }
        int lastExitCode = setupFailed ? 1 : runCommands(job.commands());

        JobResult result;
        boolean epilogues = true;
        if (logLost) {
            reportLostLog();
            result = JobResult.FAILED;
            epilogues = false;
        } else if (setupFailed) {
            result = JobResult.FAILED;
            epilogues = !stopped;
        } else if (stopped) {
            result = JobResult.STOPPED;
            epilogues = false;
        } else if (lastExitCode == STOP_FROM_INSIDE) {
            result = checkResultAfterExit130();
            epilogues = false;
        } else {
            result = lastExitCode == 0 ? JobResult.PASSED : JobResult.FAILED;
        }

        if (epilogues) {
            runEpilogues(result);
            if (stopped) {
                result = JobResult.STOPPED;
            }
        }
        if (!settings.postJobHookPath().isEmpty()) {
            steps.step(POST_JOB_HOOK_STEP, output -> {
                output.message("Running: bash " + settings.postJobHookPath() + "\n");
                return executor.run("bash " + settings.postJobHookPath(), output);
            });
        }
        return result;
    }

    /** Says, in the agent's log and (from the spool's reserve) in the job's, why the job failed and what to do. */
    private void reportLostLog() {
        Path folder = log.spool().getParent().getParent(); // the job's spool folder lies in the agent's TMPDIR
        String message = "The job's log could not be stored in " + folder + " ("
                + log.storeFailure().map(IOException::getMessage).orElse("write failed") + "), so the job was stopped; "
                + log.droppedOutput() + " output events were lost. Free space in " + folder
                + ", or point the agent's TMPDIR at a folder with room: it holds each job's log spool and work folder.";
        LOG.error("Job '{}' failed: {}", job.id(), message);
        steps.instantStep(LOG_LOST_STEP, message + "\n", 1);
    }

    private static String describe(Throwable e) {
        return SpiMismatch.describe(
                e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage(), e);
    }

    private boolean startExecutor() throws InterruptedException {
        if (stopped) {
            return false;
        }
        try {
            return executor.start(steps);
        } catch (PluginException e) {
            LOG.error("Job '{}': the executor could not start: {}", job.id(), e.getMessage());
            return false;
        }
    }

    private JobResult finish(JobResult result) {
        log.append(new JobFinished(log.now(), result));
        return result;
    }

    private int exportJobEnvironment(StepOutput output) throws InterruptedException {
        EnvironmentFile environment;
        try {
            environment = EnvironmentFile.of(job.envVars(), settings.envVars());
        } catch (EnvVarNames.InvalidNameException e) { // would be shell code: say so where the user looks
            LOG.error("Job '{}': cannot export the environment: {}", job.id(), e.getMessage());
            output.message("Cannot export the environment: " + e.getMessage() + "\n");
            return 1;
        } catch (IllegalArgumentException e) { // as Semaphore's agent: the step fails without output
            LOG.error("Job '{}': cannot export the environment: {}", job.id(), e.getMessage());
            return 1;
        }
        return export(environment, output);
    }

    private int export(EnvironmentFile environment, StepOutput output) throws InterruptedException {
        for (String name : environment.names()) {
            output.message("Exporting " + name + "\n");
        }
        return executor.exportEnvironment(environment.content());
    }

    private int injectFiles(StepOutput output) throws InterruptedException {
        for (Job.File file : job.files()) {
            output.message("Injecting " + executor.describeDestination(file.path()) + " with file mode "
                    + file.mode() + "\n");
            if (file.problem().isPresent()) {
                // Semaphore's agent also leaves this step without cmd_finished; the log stays well-formed here.
                output.message("Failed to decode the content of the file.\n");
                return 1;
            }
            int exitCode = executor.injectFile(file, output);
            if (exitCode != 0) {
                return exitCode;
            }
        }
        return 0;
    }

    private int runPreJobHook(StepOutput output) throws InterruptedException {
        String command = (settings.sourcePreJobHook() ? "source " : "bash ") + settings.preJobHookPath();
        output.message("Running: " + command + "\n");
        output.message(settings.failOnPreJobHookError()
                ? "Warning: The agent is configured to fail the job if the pre-job hook fails.\n"
                : "Warning: The agent is configured to proceed with the job even if the pre-job hook fails.\n");
        return executor.run(command, output);
    }

    /** @return the exit code of the last command that ran (0 when none ran) */
    private int runCommands(List<Command> commands) throws InterruptedException {
        int exitCode = 0;
        for (Command command : commands) {
            if (stopped || logLost) {
                break;
            }
            exitCode = steps.step(command.displayName(), output -> {
                if (!command.alias().isEmpty()) {
                    output.message("Running: " + command.directive() + "\n");
                }
                return executor.run(command.directive(), output);
            });
            if (exitCode != 0) {
                break;
            }
        }
        return exitCode;
    }

    private JobResult checkResultAfterExit130() throws InterruptedException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        executor.run("echo $" + JOB_RESULT_VARIABLE, new StepOutput() {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                captured.write(bytes, offset, length);
            }

            @Override
            public void message(String text) {
            }
        });
        String value = captured.toString(StandardCharsets.UTF_8).replace("\r", "").replace("\n", "");
        JobResult result;
        String message;
        switch (value) {
            case "passed" -> {
                result = JobResult.PASSED;
                message = JOB_RESULT_VARIABLE + "=passed - stopping job and marking it as passed";
            }
            case "failed" -> {
                result = JobResult.FAILED;
                message = JOB_RESULT_VARIABLE + "=failed - stopping job and marking it as failed";
            }
            default -> {
                result = JobResult.STOPPED;
                message = JOB_RESULT_VARIABLE + " is set to '" + value + "' - stopping job and marking it as stopped";
            }
        }
        steps.instantStep(CHECK_RESULT_STEP, message, 0);
        return result;
    }

    private void runEpilogues(JobResult result) throws InterruptedException {
        EnvironmentFile jobResult = EnvironmentFile.of(List.of(), List.of(
                new JobSettings.EnvVarSetting(JOB_RESULT_VARIABLE, result.wireName())));
        int exported = steps.step(EXPORT_STEP, output -> export(jobResult, output));
        if (exported != 0) {
            LOG.warn("Job '{}': exporting {} failed with exit code {}; the epilogues run anyway",
                    job.id(), JOB_RESULT_VARIABLE, exported);
        }
        if (stopped) {
            return;
        }
        runCommands(job.epilogueAlways());
        if (stopped) {
            return;
        }
        runCommands(result == JobResult.PASSED ? job.epilogueOnPass() : job.epilogueOnFail());
    }
}
