package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outrider controller} the way {@code bin/outrider} runs it: the core's plugin command runner loads
 * this plugin (unpacked, as the zip would be: {@code plugin.properties}, {@code classes/}, {@code lib/} with the
 * Kubernetes client and its Jackson) from {@code OUTRIDER_PLUGINS_DIR} in its own class loader, and runs the
 * command on its own thread until that thread is interrupted (as SIGTERM does).
 */
class ControllerThroughCoreTest extends WithControllerRig {

    /** The jars of the plugin's lib/ (its runtime dependencies), picked from the test class path. */
    private static final List<String> LIBRARIES = List.of("/io/fabric8/kubernetes-client", "/io/fabric8/kubernetes-model",
            "/io/fabric8/kubernetes-httpclient-jdk", "/io/fabric8/zjsonpatch", "/tools/jackson/",
            "/com/fasterxml/jackson/core/jackson-annotations/", "/org/snakeyaml/", "outrider-plugin-toolkit");

    @TempDir
    Path dir;


    @Test
    void theCoreRunsTheCommandFromThePluginUntilInterrupted() throws Exception {
        Path plugins = unpackedPlugin();
        Path kubeconfig = rig.kubeconfig(dir);
        rig.agentType("linux-agents", "linux", "linux-token");
        String jobId = rig.queue("linux");
        Map<String, String> environment = rig.environment("OUTRIDER_PLUGINS_DIR", plugins.toString(),
                "KUBECONFIG", kubeconfig.toString(), "KUBERNETES_NAMESPACE", ControllerRig.NAMESPACE);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Method run = Class.forName("dev.outrider.cli.PluginCommandRunner")
                .getDeclaredMethod("run", String[].class, Map.class, PrintStream.class, PrintStream.class);
        run.setAccessible(true);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread core = Thread.ofPlatform().start(() -> {
            try {
                exit.set((int) run.invoke(null, new String[] {"controller"}, environment, System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });

        try {
            rig.awaitJob(jobId);
        } catch (AssertionError e) {
            throw new AssertionError("exit " + exit.get() + ", stderr:\n" + err.toString(StandardCharsets.UTF_8), e);
        }
        assertThat(rig.job(jobId).getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                .contains("--job-id", jobId);
        Thread command = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("command-controller")).findFirst().orElseThrow();
        command.interrupt();
        core.join(ControllerRig.TIMEOUT);

        assertThat(core.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(130);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("linux-token");
    }

    /** plugins/kubernetes/ as PF4J unpacks the plugin's zip, from this module's classes and dependencies. */
    private Path unpackedPlugin() throws Exception {
        Path classes = Path.of(ControllerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path plugin = Files.createDirectories(dir.resolve("plugins").resolve("kubernetes"));
        Files.copy(classes.resolve("plugin.properties"), plugin.resolve("plugin.properties"));
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = plugin.resolve("classes").resolve(classes.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Path lib = Files.createDirectories(plugin.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace(File.separatorChar, '/');
            if (path.endsWith(".jar") && LIBRARIES.stream().anyMatch(path::contains)) {
                Path jar = Path.of(entry);
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        assertThat(lib.resolve("kubernetes-client-8.0.0.jar")).exists();
        return dir.resolve("plugins");
    }
}
