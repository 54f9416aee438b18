package dev.outrider.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the processes a test job started, by the unique numbers it gave its {@code sleep}s: a test picks a
 * seed and runs {@code sleep SEED+1} ... {@code sleep SEED+10}.
 */
public final class SleepProcesses {

    private SleepProcesses() {
    }

    /**
     * Waits until {@code count} of the job's sleeps run. A step is logged as started when the shell
     * was handed the command, before it has forked and exec'd it: on a busy machine the process may
     * appear a while after the log says so.
     *
     * @return the running sleeps, once there are {@code count}
     * @throws AssertionError naming what runs, if there are not {@code count} within {@code timeout}
     */
    public static List<String> awaitRunning(int seed, int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> running = of(seed);
            if (running.size() == count) {
                return running;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + count + " sleeps of the job to run within " + timeout
                        + ", found " + running);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** @return the running (not zombie) {@code sleep N} processes with seed < N <= seed + 10 */
    public static List<String> of(int seed) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String[] argv = Files.readString(entry.resolve("cmdline"), StandardCharsets.UTF_8).split("\0");
                    String stat = Files.readString(entry.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && argv.length == 2 && argv[0].endsWith("sleep")) {
                        int n = Integer.parseInt(argv[1]);
                        if (n > seed && n <= seed + 10) {
                            found.add(entry.getFileName() + " sleep " + n);
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // ended meanwhile, or not a sleep of ours
                }
            }
        }
        return found;
    }
}
