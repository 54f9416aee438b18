package dev.outrider.kubernetes.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.chart.Helm.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * charts/outrider through helm itself: it lints clean and renders each value set of charts/outrider/ci
 * exactly as its golden file. After an intended change, rewrite the golden files with
 * {@code -Doutrider.chart.update-golden=true} and review their diff.
 */
class HelmChartTest {

    private static final boolean UPDATE_GOLDEN = Boolean.getBoolean("outrider.chart.update-golden");

    private static Helm helm;

    @BeforeAll
    static void fetchHelm() {
        helm = Helm.fetched();
    }

    static List<String> valueSets() {
        return ChartFiles.valueSets();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void lintsWithoutWarnings(String valueSet) {
        Result lint = helm.run("lint", "--strict", ChartFiles.CHART.toString(),
                "--namespace", ChartFiles.NAMESPACE, "-f", ChartFiles.valuesFile(valueSet).toString());

        assertThat(lint.exitCode()).as("helm lint --strict with %s values:\n%s", valueSet, lint).isZero();
        assertThat(lint.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]").doesNotContain("[ERROR]");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void rendersEachValueSetAsItsGoldenFile(String valueSet) throws IOException {
        Result template = helm.run("template", ChartFiles.RELEASE, ChartFiles.CHART.toString(),
                "--namespace", ChartFiles.NAMESPACE, "-f", ChartFiles.valuesFile(valueSet).toString());
        assertThat(template.exitCode()).as("helm template with %s values:\n%s", valueSet, template).isZero();

        if (UPDATE_GOLDEN) {
            Files.createDirectories(ChartFiles.GOLDEN);
            Files.writeString(ChartFiles.goldenFile(valueSet), template.stdout());
        }
        assertThat(ChartFiles.goldenFile(valueSet)).as("golden file of value set %s (write it with "
                + "-Doutrider.chart.update-golden=true)", valueSet).exists();
        assertThat(template.stdout()).as("helm template with %s values against %s", valueSet,
                ChartFiles.goldenFile(valueSet)).isEqualTo(ChartFiles.read(ChartFiles.goldenFile(valueSet)));
    }

    @Test
    void everyGoldenFileBelongsToAValueSet() {
        assertThat(ChartFiles.goldenFiles()).isEqualTo(ChartFiles.valueSets());
    }

    @Test
    void refusesToRenderWithoutAnEndpoint() {
        Result template = helm.run("template", ChartFiles.RELEASE, ChartFiles.CHART.toString());

        assertThat(template.exitCode()).isNotZero();
        assertThat(template.stderr()).contains("set `endpoint`").contains("endpointSecret.name");
    }
}
