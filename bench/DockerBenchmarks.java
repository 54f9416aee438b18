import dev.outrider.docker.DockerExecutorFactory;
import dev.outrider.config.JobSettings;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time from a job's start to its first command running, with the Docker executor and a local image:
 * the job's first command prints bash's $EPOCHREALTIME, compared with the wall clock when the job
 * was handed to the executor (the container shares the host's clock). Median of N runs (default 20).
 *
 * Usage: java -cp CLASSPATH bench/DockerBenchmarks.java IMAGE [N]
 */
public class DockerBenchmarks {

    public static void main(String[] args) throws Exception {
        String image = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Pattern printed = Pattern.compile("first-command-at ([0-9]+)\\.([0-9]{6})");
        List<Long> millis = new ArrayList<>();
        try (JobHarness harness = new JobHarness(new DockerExecutorFactory(),
                Map.of("default-image", image, "pull-policy", "if-not-present"))) {
            for (int run = 0; run <= runs; run++) {
                long startedMicros = System.currentTimeMillis() * 1000;
                JobHarness.Running job = harness.start(JobRequests.job().env("A", "1")
                        .command("echo first-command-at $EPOCHREALTIME").build(), JobSettings.NONE);
                JobRun done = job.await(Duration.ofMinutes(2));
                Matcher m = printed.matcher(String.join("\n", done.lines()));
                if (!m.find()) {
                    throw new IllegalStateException("no timestamp in the log:\n" + String.join("\n", done.lines()));
                }
                long ranMicros = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
                if (run > 0) { // the first run warms the JVM and the engine's caches
                    millis.add((ranMicros - startedMicros) / 1000);
                }
            }
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "docker: job start to first command running, local image: median %d ms, "
                + "min %d, max %d over %d runs (target <= 1500 ms)%n", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1), sorted.size());
    }
}
