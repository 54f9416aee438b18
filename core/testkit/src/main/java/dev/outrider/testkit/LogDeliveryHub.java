package dev.outrider.testkit;

import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.OutputTally;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A fake control plane in a process of its own, for benchmarks of log delivery that should not count its work
 * and garbage as the agent's: it streams the jobs' logs through an {@link OutputTally} (keeping none of them),
 * hands one job with one command to each agent that registers, JOBS agents one after the other, and reports on
 * stdout.
 *
 * <p>Usage: {@code LogDeliveryHub REGISTRATION_TOKEN TIMEOUT_SECONDS DIRECTIVE [JOBS]} (JOBS: 1 if not given).
 * Prints {@code endpoint=127.0.0.1:PORT} once it listens, then, each time a job finished,
 * {@code result=… lines=… output_events=… output_bytes=… sha256=… first_output_ms=… last_line_ms=…
 * requests=… cpu_ms=… startup_cpu_ms=…} (times in Unix milliseconds; the CPU time it used since it listened or
 * reported the job before, and the CPU time it used until it listened), and exits after the last job.
 */
public final class LogDeliveryHub {

    private LogDeliveryHub() {
    }

    public static void main(String[] args) {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: LogDeliveryHub REGISTRATION_TOKEN TIMEOUT_SECONDS DIRECTIVE [JOBS]");
            System.exit(2);
        }
        String directive = args[2];
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[1]));
        int jobs = args.length == 4 ? Integer.parseInt(args[3]) : 1;
        OutputTally tally = new OutputTally(directive::equals);
        PrintStream out = System.out;
        try (FakeControlPlane hub = FakeControlPlane.builder().streamLogLines(tally).start()) {
            hub.addAgentType("bench", args[0]);
            out.println("endpoint=" + hub.endpoint());
            out.flush();
            long startupNanos = cpuNanos();
            long since = startupNanos;
            for (int agents = 1; agents <= jobs; agents++) {
                hub.awaitRegistered(agents, timeout); // the agent of the job before is gone (or stays busy)
                String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(directive));
                String result = hub.awaitJobFinished(job, timeout);
                OutputTally.Tally seen = tally.of(job);
                long cpuNanos = cpuNanos();
                long requests = hub.requests(Endpoint.LOGS).stream()
                        .filter(request -> request.path().endsWith("/" + job)).count();
                out.printf(Locale.ROOT, "result=%s lines=%d output_events=%d output_bytes=%d sha256=%s "
                                + "first_output_ms=%d last_line_ms=%d requests=%d cpu_ms=%d startup_cpu_ms=%d%n", result,
                        seen.lines(), seen.outputEvents(), seen.outputBytes(), seen.sha256(),
                        seen.firstOutput() == null ? 0 : seen.firstOutput().toEpochMilli(),
                        seen.lastLine() == null ? 0 : seen.lastLine().toEpochMilli(), requests,
                        (cpuNanos - since) / 1_000_000, startupNanos / 1_000_000);
                out.flush();
                since = cpuNanos;
            }
        }
        System.exit(0);
    }

    /** @return the CPU time this process used so far (all its threads: JIT compilers and collector too) */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }
}
