import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.testkit.controlplane.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmarks of `outrider start` against the fake control plane on 127.0.0.1 (not tests):
 *   startup   process start to the first register request (median of 5, --runs N)
 *   first-start  the same for the first start of a freshly unpacked outrider.tar.gz (next to DIST_HOME;
 *             median of 5 unpacks, --runs N)
 *   idle      RSS of one idle registered agent, and of 10 idle agents in one process
 *   logs      a job printing SIZE_MB as fast as it can: MB/s from the first output event received to
 *             the last event stored, every byte checked, the agent's peak RSS and GC time; median of RUNS
 *             runs, each with an agent of its own, against one fake control plane in a JVM of its own
 *
 * Usage: java -cp CLASSPATH bench/AgentBenchmarks.java DIST_HOME [startup|first-start|idle|logs]... [--size-mb N] [--runs N]
 */
public final class AgentBenchmarks {

    private static Path dist;

    public static void main(String[] args) throws Exception {
        dist = Path.of(args[0]).toAbsolutePath();
        int sizeMb = 200;
        int runs = 5;
        List<String> which = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--size-mb")) {
                sizeMb = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                which.add(args[i]);
            }
        }
        if (which.isEmpty()) {
            which = List.of("startup", "first-start", "idle", "logs");
        }
        trainingRun();
        for (String benchmark : which) {
            switch (benchmark) {
                case "startup" -> startup(runs);
                case "first-start" -> firstStart(runs);
                case "idle" -> idle();
                case "logs" -> logs(sizeMb, runs);
                default -> throw new IllegalArgumentException("unknown benchmark " + benchmark);
            }
        }
    }

    /**
     * The distribution comes with the class-data-sharing archive of `start` for the JDK it was built with; with
     * another JDK, the first start of an installation trains one in the background (bin/outrider). The
     * benchmarks other than first-start measure the starts after that, as an operator sees them.
     */
    private static void trainingRun() throws Exception {
        ProcessBuilder trainingRun = new ProcessBuilder(dist.resolve("bin/outrider").toString(), "start", "--endpoint",
                "127.0.0.1:9", "--token", "training", "--no-https").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        trainingRun.environment().put("OUTRIDER_JAVA_OPTS", "-Doutrider.protocol.registerAttempts=1");
        Process training = trainingRun.start();
        if (!training.waitFor(120, TimeUnit.SECONDS)) {
            training.destroyForcibly();
        }
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline) && !startArchiveWritten()) {
            Thread.sleep(200);
        }
    }

    private static boolean startArchiveWritten() throws IOException {
        try (var files = Files.list(dist.resolve("lib"))) {
            List<String> names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("outrider-start-")).toList();
            return names.stream().noneMatch(name -> name.endsWith(".lock"))
                    && names.stream().anyMatch(name -> name.endsWith(".jsa"));
        }
    }

    private static void startup(int runs) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            long took = millisToFirstRegister(dist);
            if (run > 0) { // the first run also warms the page cache
                millis.add(took);
            }
        }
        System.out.printf(Locale.ROOT, "startup: process start to first register request: median %d ms (runs: %s; target <= 400 ms)%n",
                median(millis), millis);
    }

    /** The first start of outrider.tar.gz unpacked into a new folder, as a new user or an autoscaled pod sees it. */
    private static void firstStart(int runs) throws Exception {
        Path tarball = dist.resolveSibling("outrider.tar.gz");
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path folder = Files.createTempDirectory("outrider-bench-unpacked-");
            try {
                Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", folder.toString()).inheritIO().start();
                if (tar.waitFor() != 0) {
                    throw new IllegalStateException("could not unpack " + tarball);
                }
                millis.add(millisToFirstRegister(folder.resolve("outrider")));
                awaitNoTraining(folder.resolve("outrider"));
            } finally {
                new ProcessBuilder("rm", "-rf", folder.toString()).start().waitFor();
            }
        }
        System.out.printf(Locale.ROOT, "first start of an unpacked %s: process start to first register request: median %d ms "
                + "(runs: %s; target <= 800 ms)%n", tarball.getFileName(), median(millis), millis);
    }

    private static long millisToFirstRegister(Path home) throws Exception {
        try (FakeControlPlane hub = FakeControlPlane.start()) {
            hub.addAgentType("bench", "token");
            Instant started = Instant.now();
            Process agent = start(home, hub, List.of());
            try {
                hub.await("a register request", h -> !h.requests(Endpoint.REGISTER).isEmpty(), Duration.ofSeconds(60));
                return Duration.between(started, hub.requests(Endpoint.REGISTER).get(0).receivedAt()).toMillis();
            } finally {
                stop(agent);
            }
        }
    }

    /** A training run that a start began in the background (an archive for another JDK) ends before its folder goes. */
    private static void awaitNoTraining(Path home) throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline) && trainingRuns(home)) {
            Thread.sleep(200);
        }
    }

    private static boolean trainingRuns(Path home) throws IOException {
        try (var files = Files.list(home.resolve("lib"))) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".lock"));
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static void idle() throws Exception {
        for (int count : new int[] {1, 10}) {
            try (FakeControlPlane hub = FakeControlPlane.start()) {
                hub.addAgentType("bench", "token");
                hub.nextSyncAfter(Duration.ofSeconds(5));
                Path config = Files.createTempFile("outrider-bench-", ".yml");
                Files.writeString(config, "endpoint: " + hub.endpoint() + "\nno-https: true\nagents:\n  - token: token\n"
                        + "    count: " + count + "\n");
                Process agent = start(dist, hub, List.of("--config-file", config.toString()));
                try {
                    hub.awaitRegistered(count, Duration.ofSeconds(60));
                    // let every agent sync a few times and the JVM settle
                    hub.await("3 syncs per agent", h -> h.agents().stream().allMatch(a -> a.syncCount() >= 3),
                            Duration.ofSeconds(60));
                    long rss = status(agent.pid(), "VmRSS");
                    System.out.printf(Locale.ROOT, "idle: %d registered agent(s) in one process: RSS %.1f MiB (target <= %d MiB)%n",
                            count, rss / 1024.0, count == 1 ? 72 : 76);
                    System.out.printf(Locale.ROOT, "      of which anonymous %.1f MiB, file-backed %.1f MiB; %s threads%n",
                            status(agent.pid(), "RssAnon") / 1024.0, status(agent.pid(), "RssFile") / 1024.0,
                            status(agent.pid(), "Threads"));
                    inspect(agent);
                } finally {
                    stop(agent);
                    Files.deleteIfExists(config);
                }
            }
        }
    }

    /**
     * Runs the log benchmark RUNS times and prints the median: the fake control plane runs in a JVM of its own
     * (LogDeliveryHub), so that its work and garbage are not the agent's; it checks every byte as it comes. One hub
     * serves all runs, so that from the second run on it is warm and takes little CPU from the agent.
     */
    private static void logs(int sizeMb, int runs) throws Exception {
        long bytes = sizeMb * 1_000_000L;
        String line = "0123456789".repeat(9) + "abcdefghi"; // 99 characters + \n = 100 bytes per line
        String directive = "yes '" + line + "' | head -c " + bytes;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] lineBytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (long written = 0; written < bytes; written += lineBytes.length) {
            expected.update(lineBytes, 0, (int) Math.min(lineBytes.length, bytes - written));
        }
        String expectedSha = hex(expected.digest());
        HubJvm hubJvm = HubJvm.prepare(dist.getParent().resolve("bench-hub"));
        if (hubJvm.needsTraining()) {
            System.out.println("logs: training the fake control plane's AOT cache with a job of 20 MB (not measured)");
            deliver("yes '" + line + "' | head -c 20000000", 1, hubJvm.trainingOptions(), Duration.ofMinutes(5),
                    (run, delivery) -> { });
        }
        List<double[]> results = new ArrayList<>(); // MB/s, peak RSS MiB, GC s, agent CPU s, hub CPU s
        deliver(directive, runs, hubJvm.options(), Duration.ofSeconds(30), (run, delivery) -> {
            String report = delivery.report();
            long delivered = Long.parseLong(field(report, "output_bytes"));
            boolean intact = delivered == bytes && field(report, "sha256").equals(expectedSha);
            double seconds = (Long.parseLong(field(report, "last_line_ms"))
                    - Long.parseLong(field(report, "first_output_ms"))) / 1000.0;
            double rate = bytes / 1e6 / seconds;
            double hubCpu = Long.parseLong(field(report, "cpu_ms")) / 1000.0;
            String starting = run > 1 ? "" : String.format(Locale.ROOT, " (and %.1f s starting before)",
                    Long.parseLong(field(report, "startup_cpu_ms")) / 1000.0);
            System.out.printf(Locale.ROOT, "logs run %d: %.1f MB/s (%.1f s), agent peak RSS %.1f MiB, GC %.2f s, "
                            + "CPU agent %.1f s / fake control plane %.1f s%s; %d bytes in %s events / %s requests, "
                            + "every byte intact: %s, job %s%n", run, rate, seconds, delivery.peakKib() / 1024.0,
                    delivery.gcSeconds(), delivery.agentCpu(), hubCpu, starting, delivered,
                    field(report, "output_events"), field(report, "requests"), intact, field(report, "result"));
            if (!intact) {
                throw new IllegalStateException("the delivered output differs from what the job printed");
            }
            results.add(new double[] {rate, delivery.peakKib() / 1024.0, delivery.gcSeconds(), delivery.agentCpu(),
                hubCpu});
        });
        System.out.printf(Locale.ROOT, "logs: %d MB, median of %d runs: %.1f MB/s (target >= 60), agent peak RSS %.1f MiB "
                        + "(target <= 128), agent GC time %.2f s, agent CPU %.1f s, fake control plane CPU %.1f s (%d cores)%n",
                sizeMb, runs, median(results, 0), median(results, 1), median(results, 2), median(results, 3),
                median(results, 4), Runtime.getRuntime().availableProcessors());
    }

    /**
     * What one log benchmark run saw.
     *
     * @param report    the fake control plane's result line
     * @param peakKib   the agent's peak RSS
     * @param gcSeconds the agent's GC time
     * @param agentCpu  the agent's CPU seconds
     */
    private record Delivery(String report, long peakKib, double gcSeconds, double agentCpu) {
    }

    /** Takes what run RUN (from 1) saw. */
    private interface RunConsumer {
        void accept(int run, Delivery delivery) throws Exception;
    }

    /**
     * Starts a LogDeliveryHub JVM with the given options for JOBS jobs running DIRECTIVE, and for each job an agent of
     * its own, stopped after the job. The hub serves them all, so it is warm after the first, as a real control plane
     * is. It exits by itself after its last report; it gets up to HUB_EXIT for that (writing an AOT cache at exit
     * takes a while).
     */
    private static void deliver(String directive, int jobs, List<String> hubOptions, Duration hubExit,
                                RunConsumer each) throws Exception {
        List<String> hubCommand = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        hubCommand.addAll(hubOptions);
        String extraOptions = System.getenv("OUTRIDER_BENCH_HUB_OPTS"); // e.g. to profile the fake control plane
        if (extraOptions != null && !extraOptions.isBlank()) {
            hubCommand.addAll(List.of(extraOptions.trim().split("\\s+")));
        }
        hubCommand.addAll(List.of("dev.outrider.testkit.LogDeliveryHub", "token", "1200", directive,
                Integer.toString(jobs)));
        Process hub = new ProcessBuilder(hubCommand).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var hubOut = new java.io.BufferedReader(new java.io.InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
        try {
            String endpoint = field(lineStarting(hubOut, "endpoint="), "endpoint");
            for (int run = 1; run <= jobs; run++) {
                Process agent = startAgent(endpoint);
                var reported = new java.util.concurrent.atomic.AtomicBoolean();
                // an agent that ends early (bad options) ends the wait too
                agent.onExit().thenRun(() -> {
                    if (!reported.get()) {
                        hub.destroy();
                    }
                });
                Delivery delivery;
                try {
                    String report = lineStarting(hubOut, "result=");
                    delivery = new Delivery(report, status(agent.pid(), "VmHWM"), gcSeconds(agent.pid()),
                            cpuSeconds(agent.pid()));
                    inspect(agent);
                    reported.set(true);
                } finally {
                    stop(agent);
                }
                each.accept(run, delivery);
            }
            hub.waitFor(hubExit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            stop(hub);
        }
    }

    /**
     * The fake control plane's JVM for the log benchmark. Its logging is off (its stderr is discarded anyway, and
     * configuring logback costs a third of a CPU-second), the serial collector spares G1's helper threads (about a
     * tenth of a CPU-second for its few big arrays), and from JDK 25 on it starts from an AOT cache (JEP 483
     * and 515: classes loaded and linked, method profiles) trained by one unmeasured run: the CPU the fake takes from
     * the agent is then its work rather than its own start-up and warm-up (about a CPU-second less). An AOT cache
     * needs a class path of JARs, so the class folders on it (core/testkit/target/classes) are packed into JARs.
     *
     * @param common        the options of every run: logging and class path
     * @param cache         the AOT cache file
     * @param needsTraining whether there is no cache yet, or it is older than a JAR of the class path
     */
    private record HubJvm(List<String> common, Path cache, boolean needsTraining) {

        private static final boolean AOT = Runtime.version().feature() >= 25;

        static HubJvm prepare(Path home) throws IOException {
            Files.createDirectories(home);
            List<Path> classPath = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path path = Path.of(entry).toAbsolutePath();
                classPath.add(Files.isDirectory(path) ? packed(path, home) : path);
            }
            long newest = 0;
            for (Path jar : classPath) {
                newest = Math.max(newest, Files.getLastModifiedTime(jar).toMillis());
            }
            Path cache = home.resolve("log-delivery-hub.aot");
            boolean stale = !Files.exists(cache) || Files.getLastModifiedTime(cache).toMillis() < newest;
            List<String> common = List.of("-Xmx1g", "-XX:+UseSerialGC",
                    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
                    "-cp", String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
            return new HubJvm(common, cache, AOT && stale);
        }

        /** @return the options of a measured run: with the AOT cache, when there is one */
        List<String> options() {
            List<String> options = new ArrayList<>(common);
            if (AOT && Files.exists(cache)) {
                options.add("-XX:AOTCache=" + cache);
            }
            return options;
        }

        /** @return the options of the run that writes the AOT cache when the JVM exits */
        List<String> trainingOptions() {
            List<String> options = new ArrayList<>(common);
            options.add("-XX:AOTCacheOutput=" + cache);
            return options;
        }

        /** @return a JAR in HOME with the files of a class folder, packed again when one of them is newer */
        private static Path packed(Path folder, Path home) throws IOException {
            Path jar = home.resolve(folder.toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-", "") + ".jar");
            List<Path> files;
            try (var walk = Files.walk(folder)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            long packedAt = Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : -1;
            boolean current = packedAt >= 0;
            for (Path file : files) {
                current &= Files.getLastModifiedTime(file).toMillis() <= packedAt;
            }
            if (!current) {
                Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
                try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(partial))) {
                    for (Path file : files) {
                        out.putNextEntry(new java.util.jar.JarEntry(folder.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
                Files.move(partial, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        }
    }

    /** @return the next line the fake control plane printed that starts so (it may print log status lines) */
    private static String lineStarting(java.io.BufferedReader hubOut, String prefix) throws IOException {
        for (String line = hubOut.readLine(); line != null; line = hubOut.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the fake control plane ended without a line starting " + prefix);
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(result -> result[column]).sorted().toArray();
        return values[values.length / 2];
    }

    /** @return the value of KEY in a line of KEY=VALUE pairs */
    private static String field(String line, String key) {
        for (String pair : line.split(" ")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in: " + line);
    }

    /** @return the agent's GC time so far (jstat's GCT), from the JVM's performance counters */
    private static double gcSeconds(long pid) throws IOException, InterruptedException {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid)).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        process.waitFor();
        if (lines.size() < 2) {
            return Double.NaN;
        }
        List<String> names = List.of(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        return Double.parseDouble(values[names.indexOf("GCT")]);
    }

    private static Process startAgent(String endpoint) throws IOException {
        Path log = Files.createTempFile("outrider-bench-agent-", ".log");
        return new ProcessBuilder(dist.resolve("bin/outrider").toString(), "start", "--endpoint", endpoint, "--token",
                "token", "--no-https").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Process start(Path home, FakeControlPlane hub, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/outrider").toString(), "start"));
        if (extra.isEmpty()) {
            command.addAll(List.of("--endpoint", hub.endpoint(), "--token", "token", "--no-https"));
        }
        command.addAll(extra);
        Path log = Files.createTempFile("outrider-bench-agent-", ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process agent) throws InterruptedException {
        agent.destroyForcibly();
        agent.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Runs $OUTRIDER_BENCH_INSPECT, if set, as a shell command with $PID set to the agent's, while the agent
     * is still up: e.g. 'jcmd $PID VM.native_memory summary' or 'jcmd $PID JFR.dump filename=/tmp/a.jfr'.
     */
    private static void inspect(Process agent) throws IOException, InterruptedException {
        String inspect = System.getenv("OUTRIDER_BENCH_INSPECT");
        if (inspect != null) {
            ProcessBuilder inspector = new ProcessBuilder("bash", "-c", inspect).inheritIO();
            inspector.environment().put("PID", Long.toString(agent.pid()));
            inspector.start().waitFor();
        }
    }

    /** @return user + system CPU seconds a process has used so far, from /proc/PID/stat */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime; USER_HZ = 100
    }

    /** @return a /proc/PID/status field in KiB, for the JVM (the launcher execs it, so the pid is the JVM's) */
    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not found for " + pid);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
