package dev.outrider.kubernetes.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the chart's tests find things: the chart (charts/outrider of the repository), its value sets
 * (charts/outrider/ci/NAME-values.yaml) and the golden rendering of each (src/test/resources/.../golden/NAME.yaml).
 * Every value set is rendered as release {@value #RELEASE} in namespace {@value #NAMESPACE}. Public for the
 * controller's test of the environment the chart gives it.
 */
public final class ChartFiles {

    public static final String RELEASE = "semaphore-controller";
    public static final String NAMESPACE = "semaphore";

    /** The module's folder (Maven runs tests there); the repository is its parent. */
    public static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    public static final Path CHART = REPOSITORY.resolve("charts/outrider");
    static final Path GOLDEN = Path.of("src/test/resources/dev/outrider/kubernetes/chart/golden").toAbsolutePath();

    private static final String VALUES_SUFFIX = "-values.yaml";

    private ChartFiles() {
    }

    /** @return the names of the value sets in charts/outrider/ci, sorted */
    public static List<String> valueSets() {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(VALUES_SUFFIX))
                    .map(name -> name.substring(0, name.length() - VALUES_SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path valuesFile(String valueSet) {
        return CHART.resolve("ci").resolve(valueSet + VALUES_SUFFIX);
    }

    static Path goldenFile(String valueSet) {
        return GOLDEN.resolve(valueSet + ".yaml");
    }

    /** @return the names of the golden files, without .yaml, sorted */
    static List<String> goldenFiles() {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
