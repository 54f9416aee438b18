package dev.outrider.cli;

import dev.outrider.app.LocalRun;
import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.config.ConfigException;
import dev.outrider.config.ConfigLoader;
import dev.outrider.config.OutriderConfig;
import dev.outrider.job.CrashLeftovers;
import dev.outrider.job.ExecutorChoice;
import dev.outrider.job.InvalidJobException;
import dev.outrider.job.JobRequestReader;
import dev.outrider.job.JobRequestValidator;
import dev.outrider.job.PreparedJob;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.protocol.JobRequest;
import dev.outrider.sink.ConsoleLogSink;
import dev.outrider.sink.EventFileSink;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogSink;
import dev.outrider.spi.OutriderInfo;
import dev.outrider.spi.PluginException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code outrider run JOB_FILE}: runs one job locally, no control plane needed. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the Semaphore job request in JOB_FILE (YAML or JSON) here and prints its live log.",
            "Exit status: 0 passed, 1 failed, 130 stopped (SIGINT/SIGTERM/SIGHUP stop the job), 2 invalid input."})
final class RunCommand implements Callable<Integer> {

    private static final Duration SINK_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--executor", paramLabel = "ID",
            description = "The executor plugin to use (default: the job's 'executor': shell, or docker for dockercompose).")
    private String executor;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Also write the job's events, in Semaphore's NDJSON event format, to FILE.")
    private Path logFile;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "The plugins folder (default: 'plugins-dir' of the configuration, else plugins/ of the installation).")
    private Path pluginsDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Outrider's YAML configuration (env-vars, hooks, executor options, log sinks).")
    private Path configFile;

    @Parameters(paramLabel = "JOB_FILE", description = "The job request: commands, env_vars, files, epilogues.")
    private Path jobFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        OutriderConfig config;
        JobRequest request;
        try {
            config = configFile == null ? OutriderConfig.DEFAULT : ConfigLoader.load(configFile);
            request = JobRequestReader.readFile(jobFile);
            JobRequestValidator.validate(request, jobFile.toString());
        } catch (ConfigException | InvalidJobException e) {
            err.println("outrider: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Path plugins = pluginsDir != null ? pluginsDir.toAbsolutePath()
                : config.pluginsDir().orElseGet(PluginsDirectory::byDefault);

        try (Outrider outrider = Outrider.start(new OutriderInfo(OutriderVersion.get(), plugins), config)) {
            LocalRun run = outrider.localRun();
            JobExecutorFactory executorFactory;
            try {
                executorFactory = run.executor(executorId(config, request));
                Map<String, LogSink> ownSinks = new LinkedHashMap<>();
                ownSinks.put("console", new ConsoleLogSink(stdout()));
                if (logFile != null) {
                    ownSinks.put("log-file", new EventFileSink(logFile));
                }
                run.attachSinks(ownSinks);
            } catch (UnknownExtensionException | PluginException | InvalidJobException e) {
                err.println("outrider: " + e.getMessage());
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }

            outrider.get(CrashLeftovers.class).remove();
            try (PreparedJob job = run.prepare(request, executorFactory)) {
                InterruptSignals.install(err, "stopping the job", job::stop, job::stop);
                JobResult result = job.run();
                if (!run.awaitSinks(SINK_DRAIN_TIMEOUT)) {
                    err.println("outrider: warning: a log sink did not receive every event within "
                            + SINK_DRAIN_TIMEOUT.toSeconds() + " s");
                }
                return ExitCodes.of(result);
            }
        } finally {
            err.flush();
        }
    }

    private String executorId(OutriderConfig config, JobRequest request) {
        if (executor != null && !executor.isBlank()) {
            return executor;
        }
        return ExecutorChoice.forJob(config.defaults().executor(), request.executor())
                .orElseThrow(() -> new InvalidJobException(jobFile + ": executor: '" + request.executor()
                        + "' is not an executor Semaphore knows; use shell or dockercompose, or pick a plugin with --executor"));
    }

    private static PrintStream stdout() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    }
}
