package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.PluginCommand;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outrider controller} as the core runs it: arguments, environment, exit status, the cluster from KUBECONFIG. */
class ControllerCommandTest extends WithControllerRig {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) throws InterruptedException {
        return new ControllerCommand().run(invocation(environment, args));
    }

    private PluginCommand.Invocation invocation(Map<String, String> environment, String... args) {
        return new PluginCommand.Invocation(List.of(args), environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void isTheControllerCommand() {
        assertThat(new ControllerCommand().name()).isEqualTo("controller");
        assertThat(new ControllerCommand().description()).contains("Kubernetes Job");
    }

    @Test
    void helpListsEveryVariableTheControllerReads() throws Exception {
        assertThat(run(Map.of(), "--help")).isZero();

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(ControllerProcess.VARIABLES).filteredOn(name -> name.equals(name.toUpperCase(java.util.Locale.ROOT)))
                .isNotEmpty().allSatisfy(name -> assertThat(help).contains(name));
    }

    @Test
    void refusesAnUnknownArgument() throws Exception {
        assertThat(run(rig.environment(), "--namespace", "ci")).isEqualTo(2);

        assertThat(err()).startsWith("outrider controller: unknown argument '--namespace'; it takes none");
    }

    @Test
    void refusesABadSettingNamingItInOneLine() throws Exception {
        assertThat(run(rig.environment("KEEP_FAILED_JOBS_FOR", "a week"))).isEqualTo(2);

        assertThat(err()).isEqualTo("outrider controller: KEEP_FAILED_JOBS_FOR: 'a week' is not a duration; give a"
                + " number with a unit (ms, s, m, h, d), e.g. 90s, 5m, 1h30m or 1d" + System.lineSeparator());
    }

    @Test
    void refusesAStatusAddressThatIsNotHostAndPort() throws Exception {
        assertThat(run(rig.environment("OUTRIDER_STATUS_ADDRESS", "9464"))).isEqualTo(2);

        assertThat(err()).startsWith("outrider controller: OUTRIDER_STATUS_ADDRESS '9464' is not host:port");
    }

    @Test
    void refusesAStatusAddressItCannotServeOn() throws Exception {
        Path kubeconfig = rig.kubeconfig(dir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            assertThat(run(rig.environment("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE",
                    ControllerRig.NAMESPACE, "OUTRIDER_STATUS_ADDRESS", address))).isEqualTo(2);

            assertThat(err()).startsWith("outrider controller: OUTRIDER_STATUS_ADDRESS " + address
                    + ": cannot serve there (").contains("give a free host:port, or leave it unset");
        }
    }

    @Test
    void servesItsStatusWhileRunningAndStopsWithIt() throws Exception {
        Path kubeconfig = rig.kubeconfig(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        URI ready = URI.create("http://127.0.0.1:" + port + "/readyz");
        AtomicReference<Object> ended = new AtomicReference<>();
        Thread command = Thread.ofPlatform().start(() -> {
            try {
                ended.set(run(rig.environment("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE",
                        ControllerRig.NAMESPACE, "OUTRIDER_STATUS_ADDRESS", "127.0.0.1:" + port)));
            } catch (InterruptedException e) {
                ended.set(e);
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            rig.await("/readyz answers 200 (" + err() + ")", () -> status(http, ready) == 200);

            command.interrupt();
            command.join(ControllerRig.TIMEOUT);

            assertThat(ended.get()).isInstanceOf(InterruptedException.class);
            assertThat(status(http, ready)).isEqualTo(-1);
        }
    }

    /** @return the status code of a GET, -1 when nothing answers */
    private static int status(HttpClient http, URI url) {
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(ControllerRig.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void refusesAKubeconfigItCannotRead() throws Exception {
        Path missing = dir.resolve("no-such-kubeconfig");

        assertThat(run(rig.environment("KUBECONFIG", missing.toString()))).isEqualTo(2);

        assertThat(err()).startsWith("outrider controller: cannot read the kubeconfig " + missing);
    }

    @Test
    void runsAgainstTheClusterOfKubeconfigUntilInterrupted() throws Exception {
        Path kubeconfig = rig.kubeconfig(dir);
        rig.agentType("linux-agents", "linux", "linux-token");
        String jobId = rig.queue("linux");
        AtomicReference<Object> ended = new AtomicReference<>();
        Thread command = Thread.ofPlatform().start(() -> {
            try {
                ended.set(run(rig.environment("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE",
                        ControllerRig.NAMESPACE), "-v=4"));
            } catch (InterruptedException e) {
                ended.set(e);
            }
        });

        rig.awaitJob(jobId);
        command.interrupt();
        command.join(ControllerRig.TIMEOUT);

        assertThat(command.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(err()).isEmpty();
    }

    @Test
    void endsAtOnceNamingThePermissionsWhenTheClusterRefusesToListJobs() throws Exception {
        KubernetesMockServer refusing = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                false);
        refusing.init(InetAddress.getByName("127.0.0.1"), 0);
        try {
            refusing.expect().get().withPath("/apis/batch/v1/namespaces/ci/jobs?labelSelector="
                            + "semaphoreci.com%2Fresource-type%3Dsemaphore-job")
                    .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                            .withMessage("jobs.batch is forbidden: User \"system:serviceaccount:ci:default\" cannot"
                                    + " list resource \"jobs\" in API group \"batch\" in the namespace \"ci\"")
                            .build())
                    .always();
            Path kubeconfig = Files.writeString(dir.resolve("refusing-kubeconfig"),
                    Files.readString(rig.kubeconfig(dir)).replace(rig.client.getMasterUrl().toString(),
                            refusing.createClient().getMasterUrl().toString()));

            int exit = run(rig.environment("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE", "ci"));

            assertThat(exit).isEqualTo(1);
            assertThat(err()).startsWith("outrider controller: cannot use the Kubernetes API of " + kubeconfig
                    + " (from $KUBECONFIG): jobs.batch is forbidden")
                    .contains("(the controller's service account needs, in namespace 'ci': batch jobs get, list,"
                            + " watch, create, delete; secrets get, list, watch)")
                    .doesNotContain("a-token-for-the-mock");
        } finally {
            refusing.destroy();
        }
    }

    @Test
    void loadingTheCommandLoadsNoKubernetesClientClass() throws Exception {
        List<URL> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classpath.add(Path.of(entry).toUri().toURL());
        }
        try (RecordingClassLoader loader = new RecordingClassLoader(classpath.toArray(URL[]::new))) {
            Object command = loader.loadClass(ControllerCommand.class.getName()).getConstructor().newInstance();
            command.getClass().getMethod("name").invoke(command);
            command.getClass().getMethod("description").invoke(command);

            assertThat(loader.loaded()).contains(ControllerCommand.class.getName())
                    .noneMatch(name -> name.startsWith("io.fabric8."));
        }
    }

    /** Loads classes itself (not from the test's class loader) and remembers which. */
    private static final class RecordingClassLoader extends java.net.URLClassLoader {

        private final List<String> loaded = new ArrayList<>();

        RecordingClassLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            loaded.add(name);
            return super.loadClass(name, resolve);
        }

        synchronized List<String> loaded() {
            return List.copyOf(loaded);
        }
    }
}
