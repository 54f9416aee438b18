package dev.outrider.kubernetes.dockertier;

import static dev.outrider.kubernetes.dockertier.TestPods.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Docker tier costs, the baseline of the Kubernetes benchmark (printed as "dockertier timing"
 * lines): pod create → Ready, Job create → pod Ready, first exec round trip, per-command time and output
 * rate over a TTY exec. Each run is checked for what it measured; the bounds are only sanity limits.
 */
class DockerTierTimingsTest {

    private static final Duration POLL = Duration.ofMillis(1);
    private static final int RUNS = 5;
    private static TestPods pods;

    @RegisterExtension
    static final WithDockerCluster env = new WithDockerCluster("docker-timings");

    @BeforeAll
    static void warmUp() {
        pods = env.pods();
        pods.readySleeper(TestPods.uniqueName("warm-up"), DockerEngine.image());
    }

    @Test
    void podCreateToReady() {
        List<Long> single = new ArrayList<>();
        List<Long> withSidecar = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            String name = TestPods.uniqueName("timing");
            long start = System.nanoTime();
            pods.readySleeper(name, DockerEngine.image());
            single.add(millisSince(start));

            String pair = TestPods.uniqueName("timing-pair");
            start = System.nanoTime();
            pods.create(new PodBuilder(TestPods.sleeper(pair, DockerEngine.image())).editSpec().addNewContainer().withName("db")
                    .withImage(DockerEngine.image()).withCommand("bash", "-c", "sleep infinity").endContainer().endSpec().build());
            pods.awaitReady(pair);
            withSidecar.add(millisSince(start));
        }
        report("pod create -> Ready, main only", single, "ms");
        report("pod create -> Ready, main + 1 sidecar", withSidecar, "ms");
        assertThat(median(single)).isLessThan(30_000);
    }

    @Test
    void jobCreateToPodReady() {
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            String name = TestPods.uniqueName("timing-job");
            long start = System.nanoTime();
            env.client().batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("agent").withImage(DockerEngine.image()).withCommand("bash", "-c", "sleep infinity")
                    .endContainer().endSpec().endTemplate().endSpec().build()).create();
            env.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).waitUntilCondition(
                    job -> job != null && job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getReady()),
                    TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            times.add(millisSince(start));
        }
        report("Job create -> status.ready 1", times, "ms");
        assertThat(median(times)).isLessThan(30_000);
    }

    @Test
    void execRoundTripsCommandsAndOutputRate() throws Exception {
        String name = TestPods.uniqueName("timing-exec");
        pods.readySleeper(name, DockerEngine.image());
        List<Long> firstRoundTrips = new ArrayList<>();
        List<Long> perCommand = new ArrayList<>();
        List<Long> rates = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            TestPods.SynchronizedBytes out = new TestPods.SynchronizedBytes();
            long start = System.nanoTime();
            try (ExecWatch shell = pods.loginShell(name, "main", out)) {
                TestPods.type(shell, "stty -echo; echo ready-$((40+2))");
                Await.until("the shell answers", TestPods.TIMEOUT, POLL, () -> out.containsFrom(0, "ready-42"));
                firstRoundTrips.add(millisSince(start));

                int commands = 50;
                start = System.nanoTime();
                for (int i = 0; i < commands; i++) {
                    int from = out.size();
                    String expected = "c" + i + "-" + (i * 2);
                    TestPods.type(shell, "echo c" + i + "-$((" + i + "*2))");
                    Await.until(expected, TestPods.TIMEOUT, POLL, () -> out.containsFrom(from, expected));
                }
                perCommand.add(millisSince(start) * 1000 / commands);

                int bytes = 3_000_000;
                int from = out.size();
                start = System.nanoTime();
                TestPods.type(shell, "head -c " + bytes + " /dev/zero | tr '\\0' x; echo; echo done-$((1+1))");
                Await.until("3 MB of output", TestPods.TIMEOUT, Duration.ofMillis(20), () -> out.containsFrom(Math.max(from, out.size() - 64), "done-2"));
                long millis = Math.max(1, millisSince(start));
                assertThat(out.size() - from).isGreaterThanOrEqualTo(bytes);
                rates.add(bytes * 1000L / millis / 1024);
                TestPods.type(shell, "exit 0");
                assertThat(shell.exitCode().get(TestPods.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            }
        }
        report("exec bash --login (TTY) open -> first echo back", firstRoundTrips, "ms");
        report("one-line command round trip over the TTY exec", perCommand, "us");
        report("output rate over the TTY exec", rates, "KiB/s");
        assertThat(median(perCommand)).isLessThan(5_000_000);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String what, List<Long> values, String unit) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "dockertier timing: %-50s median %6d %s  min %6d  max %6d  (%d runs: %s)",
                what, median(values), unit, sorted.get(0), sorted.get(sorted.size() - 1), values.size(), values));
    }
}
