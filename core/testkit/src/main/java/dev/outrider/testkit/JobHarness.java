package dev.outrider.testkit;

import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.job.JobLauncher;
import dev.outrider.config.JobSettings;
import dev.outrider.job.PreparedJob;
import dev.outrider.protocol.JobRequest;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.OutriderInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Runs jobs through Outrider's real job lifecycle with one executor, and hands back their event
 * logs: the base of executor tests.
 */
public final class JobHarness implements AutoCloseable {

    private final JobExecutorFactory executor;
    private final Map<String, Object> options;
    private final Outrider outrider;

    /**
     * @param executor the executor under test
     * @param options  its options
     */
    public JobHarness(JobExecutorFactory executor, Map<String, Object> options) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.options = Map.copyOf(options);
        try {
            Path noPlugins = Files.createTempDirectory("outrider-test-plugins-");
            this.outrider = Outrider.start(new OutriderInfo(OutriderVersion.get(), noPlugins));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a job to its end with no agent settings. */
    public JobRun run(JobRequest request) throws InterruptedException {
        return run(request, JobSettings.NONE);
    }

    /** Runs a job to its end. */
    public JobRun run(JobRequest request, JobSettings settings) throws InterruptedException {
        return start(request, settings).await(Duration.ofMinutes(2));
    }

    /** Starts a job in the background. */
    public Running start(JobRequest request, JobSettings settings) {
        PreparedJob job = outrider.get(JobLauncher.class).prepare(request, executor, options, settings);
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        Thread.ofPlatform().name("test-job-" + job.processTag()).start(() -> {
            try {
                result.complete(job.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return new Running(job, result);
    }

    @Override
    public void close() {
        outrider.close();
    }

    /** A job running in the background. */
    public static final class Running {
        private final PreparedJob job;
        private final CompletableFuture<JobResult> result;

        private Running(PreparedJob job, CompletableFuture<JobResult> result) {
            this.job = job;
            this.result = result;
        }

        /** @return the log lines so far */
        public List<String> lines() {
            try {
                return Files.exists(job.spool()) ? Files.readAllLines(job.spool(), StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until some log line satisfies the condition. */
        public void awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lines().stream().noneMatch(condition)) {
                if (System.nanoTime() > deadline) {
                    job.stop(); // so that the job does not run on into the next test
                    throw new AssertionError("no log line matched within " + timeout + "; log so far:\n"
                            + String.join("\n", lines()));
                }
                if (result.isDone()) {
                    throw new AssertionError("the job ended before a log line matched; log:\n" + String.join("\n", lines()));
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }

        /** Stops the job. */
        public void stop() {
            job.stop();
        }

        /** @return the job's process tag */
        public String processTag() {
            return job.processTag();
        }

        /** Waits for the job's end and returns it. */
        public JobRun await(Duration timeout) throws InterruptedException {
            JobResult jobResult;
            try {
                jobResult = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the job failed with an exception", e.getCause());
            } catch (TimeoutException e) {
                job.stop();
                throw new AssertionError("the job did not end within " + timeout + "; log so far:\n"
                        + String.join("\n", lines()));
            }
            List<String> lines = lines();
            job.close();
            return new JobRun(jobResult, lines, job.processTag());
        }
    }
}
