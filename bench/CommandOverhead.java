import dev.outrider.app.Outrider;
import dev.outrider.app.OutriderVersion;
import dev.outrider.job.JobLauncher;
import dev.outrider.config.JobSettings;
import dev.outrider.job.PreparedJob;
import dev.outrider.sink.LogSinkHost;
import dev.outrider.plugin.PluginHost;
import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.Command;
import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogSink;
import dev.outrider.spi.OutriderInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Benchmark: a job of N trivial commands that each print one line, run by the shell executor
 * plugin as installed in the distribution, against the same commands each run as `bash -c CMD`.
 * Per command, Outrider's time is from its cmd_started to its cmd_finished event (output included).
 *
 * Usage: java -cp 'dist/target/outrider/lib/*' bench/CommandOverhead.java DIST_HOME [N]
 */
public final class CommandOverhead {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<Command> commands = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            commands.add(new Command("echo line " + i, ""));
        }
        JobRequest job = new JobRequest("bench", "shell", null, commands, null, null, null, null, null, null, null, null);

        List<Long> outrider;
        try (Outrider core = Outrider.start(new OutriderInfo(OutriderVersion.get(), home.resolve("plugins")))) {
            ConcurrentLinkedQueue<JobLogEntry> entries = new ConcurrentLinkedQueue<>();
            core.get(LogSinkHost.class).attach("bench", new LogSink() {
                @Override
                public void accept(JobLogEntry entry) {
                    entries.add(entry);
                }
            });
            var shell = core.get(PluginHost.class).executors().get("shell");
            // warm-up: the JIT and the page cache, not measured
            runJob(core, shell, new JobRequest("warmup", "shell", null, commands.subList(0, Math.min(200, n)),
                    null, null, null, null, null, null, null, null));
            entries.clear();
            long started = System.nanoTime();
            JobResult result = runJob(core, shell, job);
            long jobNanos = System.nanoTime() - started;
            if (result != JobResult.PASSED) {
                throw new IllegalStateException("the benchmark job did not pass: " + result);
            }
            outrider = perCommand(new ArrayList<>(entries), n);
            System.out.printf(Locale.ROOT, "outrider job wall time:        %8.1f ms for %d commands%n", jobNanos / 1e6, n);
        }

        List<Long> raw = new ArrayList<>();
        for (Command command : commands) {
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder("bash", "-c", command.directive()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
            raw.add(System.nanoTime() - t0);
        }

        long medianOutrider = median(outrider);
        long medianRaw = median(raw);
        System.out.printf(Locale.ROOT, "outrider per command: median %6.3f ms, p90 %6.3f ms%n",
                medianOutrider / 1e6, percentile(outrider, 90) / 1e6);
        System.out.printf(Locale.ROOT, "bash -c per command:  median %6.3f ms, p90 %6.3f ms%n",
                medianRaw / 1e6, percentile(raw, 90) / 1e6);
        System.out.printf(Locale.ROOT, "median overhead per command over bash -c: %+.3f ms (target: at most 5 ms)%n",
                (medianOutrider - medianRaw) / 1e6);
    }

    private static JobResult runJob(Outrider core, dev.outrider.spi.JobExecutorFactory shell, JobRequest job)
            throws InterruptedException {
        try (PreparedJob prepared = core.get(JobLauncher.class).prepare(job, shell, Map.of(), JobSettings.NONE)) {
            JobResult result = prepared.run();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !core.get(LogSinkHost.class)
                    .awaitDelivered(core.get(dev.outrider.event.EventBusLogPublisher.class).published(), Duration.ofSeconds(1))) {
                // wait for the sink to see the whole log
            }
            return result;
        }
    }

    /** @return nanoseconds from each "echo line i" cmd_started to its cmd_finished */
    private static List<Long> perCommand(List<JobLogEntry> entries, int n) {
        List<Long> times = new ArrayList<>();
        Instant started = null;
        for (JobLogEntry entry : entries) {
            if (entry.event() instanceof LogEvent.CommandStarted s && s.directive().startsWith("echo line ")) {
                started = entry.emittedAt();
            } else if (entry.event() instanceof LogEvent.CommandFinished f && f.directive().startsWith("echo line ")
                    && started != null) {
                times.add(Duration.between(started, entry.emittedAt()).toNanos());
                started = null;
            }
        }
        if (times.size() != n) {
            throw new IllegalStateException("measured " + times.size() + " commands, expected " + n);
        }
        return times;
    }

    private static long median(List<Long> values) {
        return percentile(values, 50);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
