import dev.outrider.kubernetes.dockertier.DockerCluster;
import dev.outrider.kubernetes.dockertier.DockerEngine;
import dev.outrider.testkit.FakeControlPlane;
import dev.outrider.toolkit.MarkerParser;
import dev.outrider.testkit.controlplane.Endpoint;
import dev.outrider.testkit.controlplane.RecordedRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmarks of the Kubernetes executor (not tests): `outrider start` (the installed launcher, default JVM
 * options) with `executor: kubernetes` against the fake control plane on 127.0.0.1, and as the cluster the
 * Docker tier of plugin-kubernetes's tests: fabric8's mock API server, a fake kubelet that runs each pod as
 * Docker containers of this machine (the local image, never pulled) and an exec bridge from the API's exec
 * WebSocket to `docker exec` (under `script` for the TTY). One agent runs every job of a benchmark; its
 * first job (which builds the API client and loads the classes) is not counted; then RUNS jobs.
 *
 *   start     a job whose first command prints bash's $EPOCHREALTIME (the containers share the host's
 *             clock). Job start = when the fake control plane answered the agent's GET of the job (the
 *             agent accepted it). Pod created / Ready = when this benchmark's own watch of the mock API
 *             server saw the job's pod added / first Ready (the fake kubelet's status edit; every watcher,
 *             the agent's included, gets that event at the same moment).
 *             The agent's own share after Ready = (Ready -> first command) - (exec open -> first byte):
 *             from Ready the agent opens `bash --login` over exec, which costs it what the bridge takes to
 *             answer a new exec (an HTTP upgrade, `docker inspect`, `script` + `docker exec`, bash's start);
 *             that part is measured separately here, from this JVM, against an idle pod of the same image
 *             (an exec timed from the call to the first byte of the prompt, right after each job, so under
 *             the same load) and subtracted from that job's Ready -> first command. What stays: the watch reaction, the shell protocol's set-up, the user/id/pwd
 *             probes, the environment export and the first command's start, each a round trip over the
 *             open stream (the bridge's round trip for a one-line command is printed too).
 *   commands  a job of 200 `true` commands between two commands printing $EPOCHREALTIME: wall time per
 *             command = (last stamp - first stamp) / 201; against a one-line command's round trip over a
 *             raw TTY exec through the same bridge (median of 50, from this JVM)
 *   output    a job printing SIZE_MB (default 50) as fast as it can: MB/s from the first log push with its
 *             output to the push with its end (as received by the fake control plane), every byte checked;
 *             against the bridge's own rate for the same output over a raw TTY exec
 *   idle      RSS of one registered agent before its first job, `executor: kubernetes` vs `executor:
 *             shell` (as bench/AgentBenchmarks: after 3 syncs 5 s apart; median of 3 each)
 *
 * Usage: java -cp CLASSPATH bench/KubernetesBenchmarks.java DIST_HOME IMAGE [start|commands|output|idle]...
 *        [--runs N] [--size-mb N]
 * With OUTRIDER_BENCH_KEEP set, the agents' logs stay (e.g. with OUTRIDER_LOG_LEVEL=debug, which they inherit).
 */
public final class KubernetesBenchmarks {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String JOB_LABEL = "outrider.dev/job-id";
    private static final String NAMESPACE = "default";
    private static final Pattern STAMP = Pattern.compile("(first-command|from|to)-at ([0-9]+)\\.([0-9]{6})");

    private static Path dist;
    private static String image;
    private static int runs = 10;
    private static Path work;

    public static void main(String[] args) throws Exception {
        quietLogs();
        dist = Path.of(args[0]).toAbsolutePath();
        image = args[1];
        int sizeMb = 50;
        List<String> which = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                default -> which.add(args[i]);
            }
        }
        if (which.isEmpty()) {
            which = List.of("start", "commands", "output", "idle");
        }
        work = DockerEngine.workFolder("outrider-k8s-bench-");
        try (DockerCluster cluster = DockerCluster.start(work); PodClock pods = PodClock.watch(cluster.client)) {
            Bridge bridge = new Bridge(cluster.client);
            for (String benchmark : which) {
                switch (benchmark) {
                    case "start" -> start(cluster, pods, bridge);
                    case "commands" -> commands(cluster, bridge);
                    case "output" -> output(cluster, bridge, sizeMb);
                    case "idle" -> idle(cluster);
                    default -> throw new IllegalArgumentException("unknown benchmark " + benchmark);
                }
            }
            bridge.close();
        }
        if (System.getenv("OUTRIDER_BENCH_KEEP") != null) {
            System.out.println("the agents' configurations and logs: " + work);
            return;
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    /** The mock API server logs every request (java.util.logging) and fabric8's client its debugging (logback's default). */
    private static void quietLogs() {
        java.util.logging.LogManager.getLogManager().reset();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    // ---------------------------------------------------------------- the benchmarks

    private static void start(DockerCluster cluster, PodClock pods, Bridge bridge) throws Exception {
        List<Long> total = new ArrayList<>();
        List<Long> toCreated = new ArrayList<>();
        List<Long> toReady = new ArrayList<>();
        List<Long> afterReady = new ArrayList<>();
        List<Long> opens = new ArrayList<>();
        List<Long> share = new ArrayList<>();
        try (FakeControlPlane hub = FakeControlPlane.start(); Agent agent = Agent.start(hub, kubernetes(cluster))) {
            for (int run = 0; run <= runs; run++) {
                String job = runJob(hub, "echo first-command-at $EPOCHREALTIME");
                Instant accepted = fetched(hub, job);
                Instant first = stamps(hub, job).get("first-command");
                Instant created = pods.created(job);
                Instant ready = pods.ready(job);
                long open = bridge.openToFirstByte(); // right after the job: under the same load
                if (run > 0) {
                    total.add(micros(accepted, first));
                    toCreated.add(micros(accepted, created));
                    toReady.add(micros(created, ready));
                    afterReady.add(micros(ready, first));
                    opens.add(open);
                    share.add(micros(ready, first) - open);
                }
            }
        }
        List<Long> roundTrips = bridge.roundTrips(20);
        System.out.printf(Locale.ROOT, "kubernetes start, %d warm jobs (times in ms: median, min-max):%n", total.size());
        row("job start (agent fetched the job) -> first command running", total, "target <= 2000 ms");
        row("  job start -> pod created (Secret, pod)", toCreated, "");
        row("  pod created -> Ready (fake kubelet: docker run, status)", toReady, "");
        row("  pod Ready -> first command running", afterReady, "");
        row("bridge: exec open -> first byte (from this JVM, idle pod)", opens, "");
        row("bridge: one-line command round trip over an open TTY exec", roundTrips, "");
        row("agent's own share after Ready (Ready -> first command - that run's exec open)", share, "target <= 300 ms");
    }

    private static void commands(DockerCluster cluster, Bridge bridge) throws Exception {
        int count = 200;
        List<String> directives = new ArrayList<>(List.of("echo from-at $EPOCHREALTIME"));
        for (int i = 0; i < count; i++) {
            directives.add("true");
        }
        directives.add("echo to-at $EPOCHREALTIME");
        List<Long> perCommand = new ArrayList<>();
        try (FakeControlPlane hub = FakeControlPlane.start(); Agent agent = Agent.start(hub, kubernetes(cluster))) {
            for (int run = 0; run <= runs; run++) {
                String job = runJob(hub, directives.toArray(String[]::new));
                Map<String, Instant> stamps = stamps(hub, job);
                if (run > 0) {
                    perCommand.add(micros(stamps.get("from"), stamps.get("to")) / (count + 1));
                }
            }
        }
        List<Long> raw = new ArrayList<>();
        List<Long> agentLines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            raw.addAll(bridge.roundTrips(50));
            agentLines.addAll(bridge.agentLineRoundTrips(50));
        }
        System.out.printf(Locale.ROOT, "kubernetes commands, %d warm jobs of %d `true` (times in ms: median, min-max):%n",
                perCommand.size(), count);
        row("wall time per command in the job", perCommand, "");
        row("bridge: one-line command round trip over a raw TTY exec", raw, "");
        List<Long> overhead = perCommand.stream().map(micros -> micros - median(raw)).toList();
        row("per-command overhead over exec (per command - median round trip)", overhead, "");
        row("bridge: `true` typed as the agent does (markers, base64 script), raw TTY exec", agentLines, "");
    }

    private static void output(DockerCluster cluster, Bridge bridge, int sizeMb) throws Exception {
        long bytes = sizeMb * 1_000_000L;
        String line = "0123456789".repeat(9) + "abcdefghi"; // 99 characters + \n = 100 bytes per line
        String directive = "yes '" + line + "' | head -c " + bytes;
        List<Double> rates = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        try (FakeControlPlane hub = FakeControlPlane.start(); Agent agent = Agent.start(hub, kubernetes(cluster))) {
            for (int run = 0; run <= runs; run++) {
                String job = runJob(hub, directive);
                Delivery delivery = Delivery.of(hub, job, "yes ");
                if (run > 0) {
                    rates.add(bytes / 1e6 / (delivery.micros() / 1e6));
                    if (!delivery.matches(line, bytes)) {
                        broken.add("job " + job + ": " + delivery.bytes() + " bytes, not what was printed");
                    }
                }
            }
        }
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            raw.add(bridge.outputRate(directive, bytes));
        }
        System.out.printf(Locale.ROOT, "kubernetes output, %d warm jobs printing %d MB (MB/s: median, min-max):%n", rates.size(), sizeMb);
        rateRow("job: first output push -> end of the command pushed", rates, broken.isEmpty() ? "every byte intact in every job" : "BROKEN: " + broken);
        rateRow("bridge: the same command over a raw TTY exec, first -> last byte", raw, "");
    }

    private static void idle(DockerCluster cluster) throws Exception {
        // the first start of an installation has no class-data-sharing file yet: it runs without one, and a
        // training run in the background writes it (JDK 25+); the agents are measured as an operator's run
        idleRss("executor: shell\n");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!startArchiveWritten() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<Long> kubernetes = new ArrayList<>();
        List<Long> shell = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            kubernetes.add(idleRss(kubernetes(cluster)));
            shell.add(idleRss("executor: shell\n"));
        }
        System.out.printf(Locale.ROOT, "kubernetes idle: RSS of one registered agent before its first job (MiB: median, min-max of 3)%n");
        System.out.printf(Locale.ROOT, "  %-80s %7.1f  (%.1f-%.1f)%n", "executor: kubernetes", median(kubernetes) / 1024.0,
                Collections.min(kubernetes) / 1024.0, Collections.max(kubernetes) / 1024.0);
        System.out.printf(Locale.ROOT, "  %-80s %7.1f  (%.1f-%.1f)%n", "executor: shell", median(shell) / 1024.0,
                Collections.min(shell) / 1024.0, Collections.max(shell) / 1024.0);
        System.out.printf(Locale.ROOT, "  %-80s %+7.1f  (target: unchanged)%n", "difference of the medians",
                (median(kubernetes) - median(shell)) / 1024.0);
    }

    private static boolean startArchiveWritten() throws IOException {
        try (var files = Files.list(dist.resolve("lib"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("outrider-start-")).toList();
            return names.stream().anyMatch(n -> n.endsWith(".aot") || n.endsWith(".jsa")) && names.stream().noneMatch(n -> n.endsWith(".lock"));
        }
    }

    private static long idleRss(String executor) throws Exception {
        try (FakeControlPlane hub = FakeControlPlane.start()) {
            hub.nextSyncAfter(Duration.ofSeconds(5));
            try (Agent agent = Agent.start(hub, executor)) {
                hub.awaitRegistered(1, Duration.ofSeconds(60));
                hub.await("3 syncs", h -> h.agents().stream().allMatch(a -> a.syncCount() >= 3), Duration.ofSeconds(60));
                return agent.status("VmRSS");
            }
        }
    }

    // ---------------------------------------------------------------- jobs and their logs

    private static String kubernetes(DockerCluster cluster) throws IOException {
        Path kubeconfig = cluster.kubeconfig(work);
        return "executor: kubernetes\nexecutor-options: {kubeconfig: '" + kubeconfig + "', default-image: '" + image + "'}\n";
    }

    /** Runs a job (with one variable to export, as the Docker benchmark) and checks that it passed. */
    private static String runJob(FakeControlPlane hub, String... directives) {
        JsonObject request = FakeControlPlane.jobWithCommands(directives);
        request.put("env_vars", new JsonArray().add(new JsonObject().put("name", "A").put("value", "MQ==")));
        String job = hub.scheduleJob(request);
        String result = hub.awaitJobFinished(job, TIMEOUT);
        if (!"passed".equals(result)) {
            throw new IllegalStateException("job " + job + " " + result + ":\n" + String.join("\n", hub.events(job)));
        }
        return job;
    }

    /** @return when the fake control plane answered the agent's GET of the job */
    private static Instant fetched(FakeControlPlane hub, String job) {
        return hub.requests(Endpoint.GET_JOB).stream().filter(r -> r.path().endsWith("/" + job)).findFirst().orElseThrow()
                .receivedAt();
    }

    /** @return the $EPOCHREALTIME stamps the job printed, by their name */
    private static Map<String, Instant> stamps(FakeControlPlane hub, String job) {
        StringBuilder output = new StringBuilder();
        for (String event : hub.events(job)) {
            JsonObject json = new JsonObject(event);
            if (json.getString("event").equals("cmd_output")) {
                output.append(json.getString("output"));
            }
        }
        Map<String, Instant> stamps = new ConcurrentHashMap<>();
        Matcher m = STAMP.matcher(output);
        while (m.find()) {
            stamps.put(m.group(1), Instant.ofEpochSecond(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)) * 1000));
        }
        if (stamps.isEmpty()) {
            throw new IllegalStateException("no timestamp in the log of job " + job + ":\n" + output);
        }
        return stamps;
    }

    /** One command's output as the fake control plane received it. */
    private record Delivery(long micros, long bytes, byte[] sha256) {

        static Delivery of(FakeControlPlane hub, String job, String directivePrefix) throws Exception {
            Instant first = null;
            Instant last = null;
            boolean inside = false;
            long bytes = 0;
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (RecordedRequest push : hub.requests(Endpoint.LOGS)) {
                if (!push.path().endsWith("/" + job) || push.status() != 200) {
                    continue;
                }
                for (String event : push.body().split("\n")) {
                    if (event.isBlank()) {
                        continue;
                    }
                    JsonObject json = new JsonObject(event);
                    switch (json.getString("event")) {
                        case "cmd_started" -> inside = json.getString("directive").startsWith(directivePrefix);
                        case "cmd_output" -> {
                            if (inside) {
                                first = first == null ? push.receivedAt() : first;
                                byte[] out = json.getString("output").getBytes(StandardCharsets.UTF_8);
                                digest.update(out);
                                bytes += out.length;
                            }
                        }
                        case "cmd_finished" -> {
                            if (inside) {
                                last = push.receivedAt();
                            }
                            inside = false;
                        }
                        default -> { }
                    }
                }
            }
            return new Delivery(KubernetesBenchmarks.micros(first, last), bytes, digest.digest());
        }

        /** @return whether exactly the lines printed arrived */
        boolean matches(String line, long size) throws Exception {
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            byte[] lineBytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < size; written += lineBytes.length) {
                expected.update(lineBytes, 0, (int) Math.min(lineBytes.length, size - written));
            }
            return bytes == size && MessageDigest.isEqual(sha256, expected.digest());
        }
    }

    // ---------------------------------------------------------------- the cluster side

    /** When this JVM's watch saw each job pod added and first Ready (by its job-id label). */
    private static final class PodClock implements AutoCloseable {

        private final Map<String, Instant> created = new ConcurrentHashMap<>();
        private final Map<String, Instant> ready = new ConcurrentHashMap<>();
        private Watch watch;

        static PodClock watch(KubernetesClient client) {
            PodClock clock = new PodClock();
            clock.watch = client.pods().inAnyNamespace().watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    Instant now = Instant.now();
                    String job = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(JOB_LABEL);
                    if (job == null) {
                        return;
                    }
                    clock.created.putIfAbsent(job, now);
                    if (isReady(pod)) {
                        clock.ready.putIfAbsent(job, now);
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    // the cluster closes at the end
                }
            });
            return clock;
        }

        Instant created(String job) {
            return found(created, job, "added");
        }

        Instant ready(String job) {
            return found(ready, job, "Ready");
        }

        private static Instant found(Map<String, Instant> times, String job, String what) {
            Instant at = times.get(job);
            if (at == null) {
                throw new IllegalStateException("the watch never saw the pod of job " + job + " " + what);
            }
            return at;
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The exec bridge on its own: TTY execs from this JVM into an idle pod of the job image. */
    private static final class Bridge implements AutoCloseable {

        private final KubernetesClient client;
        private final String pod = "bench-bridge-" + ProcessHandle.current().pid();

        Bridge(KubernetesClient client) {
            this.client = client;
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod).endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage(image).withCommand("bash", "-c", "sleep infinity")
                    .endContainer().withRestartPolicy("Never").endSpec().build()).create();
            client.pods().inNamespace(NAMESPACE).withName(pod).waitUntilCondition(p -> p != null && isReady(p),
                    TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** @return microseconds from the exec call to the first byte of `bash --login` */
        long openToFirstByte() throws Exception {
            Bytes out = new Bytes();
            long start = System.nanoTime();
            try (ExecWatch shell = open(out)) {
                out.await("the prompt", bytes -> bytes.size() > 0);
                return (out.firstWriteNanos() - start) / 1000;
            }
        }

        /** @return microseconds per one-line command typed into an open shell until its answer arrived */
        List<Long> roundTrips(int count) throws Exception {
            return roundTrips(count, i -> "echo c" + i + "-$((" + i + "*2))", i -> "c" + i + "-" + (i * 2));
        }

        /**
         * @return microseconds per `true` typed as the agent types a command (the marker protocol's line, the
         *         script inlined in base64) until its end marker arrived
         */
        List<Long> agentLineRoundTrips(int count) throws Exception {
            String script = "<(printf %s " + Base64.getEncoder().encodeToString("true\n".getBytes(StandardCharsets.UTF_8))
                    + " | base64 -d)";
            return roundTrips(count, i -> MarkerParser.commandLine("bench-" + i, script).stripTrailing(),
                    i -> "outrider-bench-" + i + "-end 0");
        }

        private List<Long> roundTrips(int count, IntFunction<String> line, IntFunction<String> answer) throws Exception {
            Bytes out = new Bytes();
            List<Long> micros = new ArrayList<>();
            try (ExecWatch shell = open(out)) {
                type(shell, "stty -echo; export PS1=''; echo ready-$((40+2))");
                out.await("ready-42", bytes -> bytes.containsFrom(0, "ready-42"));
                for (int i = 0; i < count; i++) {
                    int from = out.size();
                    String expected = answer.apply(i);
                    long start = System.nanoTime();
                    type(shell, line.apply(i));
                    out.await(expected, bytes -> bytes.containsFrom(from, expected));
                    micros.add((out.lastWriteNanos() - start) / 1000);
                }
            }
            return micros;
        }

        /** @return MB/s of the command's output over a TTY exec, from its first byte to its last */
        double outputRate(String command, long bytes) throws Exception {
            Bytes out = new Bytes();
            try (ExecWatch shell = open(out)) {
                type(shell, "stty -echo; echo ready-$((40+2))");
                out.await("ready-42", b -> b.containsFrom(0, "ready-42"));
                int from = out.size();
                out.restartClock();
                type(shell, command + "; echo done-$((1+1))");
                out.await("done-2", b -> b.size() - from >= bytes && b.containsFrom(Math.max(from, b.size() - 64), "done-2"));
                return bytes / 1e6 / ((out.lastWriteNanos() - out.firstWriteNanos()) / 1e9);
            }
        }

        private ExecWatch open(Bytes out) {
            return client.pods().inNamespace(NAMESPACE).withName(pod).inContainer("main").redirectingInput().writingOutput(out)
                    .withTTY().exec("bash", "--login");
        }

        private static void type(ExecWatch shell, String line) throws IOException {
            shell.getInput().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            shell.getInput().flush();
        }

        @Override
        public void close() {
            client.pods().inNamespace(NAMESPACE).withName(pod).delete();
        }
    }

    /** What an exec printed, with the times of its first write (since the last restart) and its last. */
    private static final class Bytes extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long firstWrite;
        private long lastWrite;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            lastWrite = System.nanoTime();
            firstWrite = firstWrite == 0 ? lastWrite : firstWrite;
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized void restartClock() {
            firstWrite = 0;
        }

        synchronized long firstWriteNanos() {
            return firstWrite;
        }

        synchronized long lastWriteNanos() {
            return lastWrite;
        }

        synchronized int size() {
            return bytes.size();
        }

        /** @return whether the text appears in what was written from that byte on */
        synchronized boolean containsFrom(int offset, String text) {
            byte[] all = bytes.toByteArray();
            return new String(all, offset, all.length - offset, StandardCharsets.ISO_8859_1).contains(text);
        }

        synchronized void await(String what, Predicate<Bytes> condition) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + what + " over the exec within " + TIMEOUT + "; got:\n"
                            + bytes.toString(StandardCharsets.UTF_8));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    // ---------------------------------------------------------------- the agent

    /** `outrider start` of the installation, registered with the fake control plane, its output in a file. */
    private record Agent(Process process, Path log, Path config) implements AutoCloseable {

        static Agent start(FakeControlPlane hub, String executor) throws IOException {
            hub.addAgentType("bench", "token");
            Path config = Files.writeString(Files.createTempFile(work, "agent-", ".yml"),
                    "endpoint: " + hub.endpoint() + "\nno-https: true\ntoken: token\n" + executor);
            Path log = Files.createTempFile(work, "agent-", ".log");
            Process process = new ProcessBuilder(dist.resolve("bin/outrider").toString(), "start", "--config-file", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Agent(process, log, config);
        }

        /** @return a /proc/PID/status field in KiB (the launcher execs the JVM: the pid is the JVM's) */
        long status(String field) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException(field + " not found for " + process.pid() + "; the agent's output: " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- numbers

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }

    private static <T extends Comparable<T>> T median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void row(String what, List<Long> micros, String target) {
        System.out.printf(Locale.ROOT, "  %-80s %7.1f  (%.1f-%.1f)  %s%n", what, median(micros) / 1000.0,
                Collections.min(micros) / 1000.0, Collections.max(micros) / 1000.0, target);
    }

    private static void rateRow(String what, List<Double> rates, String note) {
        System.out.printf(Locale.ROOT, "  %-80s %7.1f  (%.1f-%.1f)  %s%n", what, median(rates), Collections.min(rates),
                Collections.max(rates), note);
    }
}
