package dev.outrider.testkit;

import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.OutputTally;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A fake control plane in a process of its own, for benchmarks of log delivery that should not count its work
 * and garbage as the agent's: it streams the job's log through an {@link OutputTally} (keeping none of it),
 * hands one job with one command to the first agent that registers, and reports on stdout.
 *
 * <p>Usage: {@code LogDeliveryHub REGISTRATION_TOKEN TIMEOUT_SECONDS DIRECTIVE}. Prints
 * {@code endpoint=127.0.0.1:PORT} once it listens, then, when the job finished,
 * {@code result=… lines=… output_events=… output_bytes=… sha256=… first_output_ms=… last_line_ms=…
 * requests=… cpu_ms=… startup_cpu_ms=…} (times in Unix milliseconds; the CPU time in all, and of that what it used
 * until it listened), and exits.
 */
public final class LogDeliveryHub {

    private LogDeliveryHub() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: LogDeliveryHub REGISTRATION_TOKEN TIMEOUT_SECONDS DIRECTIVE");
            System.exit(2);
        }
        String directive = args[2];
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[1]));
        OutputTally tally = new OutputTally(directive::equals);
        PrintStream out = System.out;
        try (FakeControlPlane hub = FakeControlPlane.builder().streamLogLines(tally).start()) {
            hub.addAgentType("bench", args[0]);
            out.println("endpoint=" + hub.endpoint());
            out.flush();
            long startupNanos = cpuNanos();
            hub.awaitRegistered(1, timeout);
            String job = hub.scheduleJob(FakeControlPlane.jobWithCommands(directive));
            String result = hub.awaitJobFinished(job, timeout);
            OutputTally.Tally seen = tally.of(job);
            long cpuNanos = cpuNanos();
            out.printf(Locale.ROOT, "result=%s lines=%d output_events=%d output_bytes=%d sha256=%s first_output_ms=%d "
                            + "last_line_ms=%d requests=%d cpu_ms=%d startup_cpu_ms=%d%n", result, seen.lines(),
                    seen.outputEvents(), seen.outputBytes(), seen.sha256(),
                    seen.firstOutput() == null ? 0 : seen.firstOutput().toEpochMilli(),
                    seen.lastLine() == null ? 0 : seen.lastLine().toEpochMilli(), hub.requests(Endpoint.LOGS).size(),
                    cpuNanos / 1_000_000, startupNanos / 1_000_000);
            out.flush();
        }
        System.exit(0);
    }

    /** @return the CPU time this process used so far (all its threads: JIT compilers and collector too) */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }
}
