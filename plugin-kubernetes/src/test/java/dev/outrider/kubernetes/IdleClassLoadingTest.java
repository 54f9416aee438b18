package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * An agent that has the plugin installed but runs no Kubernetes job loads no fabric8 class: the
 * extension is loaded, reflected on (as PF4J and Guice do), created, named and asked to check its
 * options, in a class loader of its own that records every class it defines.
 */
class IdleClassLoadingTest {

    /** Defines every class of the test class path itself (child first), and records their names. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> found = super.findClass(name);
            defined.add(name);
            return found;
        }

        private static URL[] classPath() {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return urls.toArray(URL[]::new);
        }

        List<String> fabric8() {
            return defined.stream().filter(name -> name.startsWith("io.fabric8.")).sorted().toList();
        }
    }

    @Test
    void anIdleAgentLoadsNoFabric8Class() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Class<?> factory = Class.forName(KubernetesExecutorFactory.class.getName(), true, loader);
            Arrays.asList(factory.getDeclaredMethods()).forEach(m -> Arrays.asList(m.getParameterTypes()));
            factory.getDeclaredFields();
            factory.getDeclaredConstructors();
            Object extension = factory.getConstructor().newInstance();
            assertThat(factory.getMethod("name").invoke(extension)).isEqualTo("kubernetes");
            factory.getMethod("description").invoke(extension);
            factory.getMethod("prepare", Map.class).invoke(extension, Map.of("namespace", "ci",
                    "allowed-images", List.of("^ok/"), "labels", List.of("a=b"), "pod-start-timeout", 10));

            assertThat(loader.defined).contains(KubernetesExecutorFactory.class.getName(), Clusters.class.getName());
            assertThat(loader.fabric8()).as("fabric8 classes loaded by an idle agent").isEmpty();
        }
    }

    /** The recorder sees fabric8 once the client side is touched: the test above can fail. */
    @Test
    void theClientSideLoadsFabric8() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Class.forName("dev.outrider.kubernetes.api.Fabric8Cluster", true, loader).getDeclaredMethods();
            assertThat(loader.fabric8()).isNotEmpty();
        }
    }
}
