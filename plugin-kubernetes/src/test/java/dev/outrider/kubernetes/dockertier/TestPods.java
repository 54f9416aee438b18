package dev.outrider.kubernetes.dockertier;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** What the Docker tier's tests do with pods through a plain fabric8 client. */
final class TestPods {

    static final String NAMESPACE = "ci";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KubernetesClient client;

    TestPods(KubernetesClient client) {
        this.client = client;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    Pod create(Pod pod) {
        return client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    Pod awaitPod(String name, Predicate<Pod> condition) {
        return client.pods().inNamespace(NAMESPACE).withName(name).waitUntilCondition(pod -> pod != null && condition.test(pod),
                TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    Pod awaitReady(String name) {
        return awaitPod(name, TestPods::ready);
    }

    static Optional<ContainerStatus> status(Pod pod, String container) {
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        return statuses.stream().filter(s -> container.equals(s.getName())).findFirst();
    }

    /** Opens {@code bash --login} with a TTY in the container, its output going to {@code out}. */
    ExecWatch loginShell(String pod, String container, SynchronizedBytes out) {
        return client.pods().inNamespace(NAMESPACE).withName(pod).inContainer(container)
                .redirectingInput().writingOutput(out).withTTY().exec("bash", "--login");
    }

    /** Types a line into a shell. */
    static void type(ExecWatch shell, String line) throws IOException {
        shell.getInput().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        shell.getInput().flush();
    }

    /** Creates a pod of one container {@code main} sleeping in the image, and waits until it is ready. */
    Pod readySleeper(String name, String image) {
        create(sleeper(name, image));
        return awaitReady(name);
    }

    static Pod sleeper(String name, String image) {
        return new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewContainer().withName("main").withImage(image).withCommand("bash", "-c", "sleep infinity").endContainer()
                .withRestartPolicy("Never").endSpec().build();
    }

    /** What a command printed and how it exited, through exec without a TTY. */
    record Executed(String out, int exitCode) {
    }

    Executed exec(String pod, String container, String... command) throws Exception {
        SynchronizedBytes out = new SynchronizedBytes();
        try (ExecWatch watch = client.pods().inNamespace(NAMESPACE).withName(pod).inContainer(container)
                .writingOutput(out).writingError(out).exec(command)) {
            int exitCode = watch.exitCode().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Executed(out.text(), exitCode);
        }
    }

    /** An output stream the exec threads write to while the test reads it. */
    static final class SynchronizedBytes extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** @return whether the text appears in what was written from that byte on */
        synchronized boolean containsFrom(int offset, String text) {
            byte[] all = bytes.toByteArray();
            return new String(all, offset, all.length - offset, StandardCharsets.UTF_8).contains(text);
        }

        synchronized int size() {
            return bytes.size();
        }

        @Override
        public void close() throws IOException {
        }
    }
}
