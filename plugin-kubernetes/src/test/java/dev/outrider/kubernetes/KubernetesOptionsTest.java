package dev.outrider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.PluginException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The executor's options, as prepare() checks them when the agent starts. */
class KubernetesOptionsTest {

    private final KubernetesExecutorFactory factory = new KubernetesExecutorFactory(Map.of(), Path.of("/nonexistent"));

    @Test
    void semaphoresDefaultsApply() {
        KubernetesOptions options = KubernetesOptions.parse(Map.of());
        assertThat(options.podStartTimeoutSeconds()).isEqualTo(300);
        assertThat(options.namespace()).isEmpty();
        assertThat(options.allowedImages().allows("anything:1")).isTrue();
        assertThat(options.activeDeadlineSeconds()).isEqualTo(86_400);
    }

    @Test
    void aZeroPodStartTimeoutMeansSixtySecondsAsUpstream() {
        assertThat(KubernetesOptions.parse(Map.of("pod-start-timeout", 0)).podStartTimeoutSeconds()).isEqualTo(60);
    }

    @Test
    void aNegativePodStartTimeoutStopsTheAgentNamingKeyAndValue() {
        assertThatThrownBy(() -> factory.prepare(Map.of("pod-start-timeout", -1))).isInstanceOf(PluginException.class)
                .hasMessage("executor 'kubernetes': option 'pod-start-timeout': '-1' is not valid; use a whole number of"
                        + " seconds, 0 or more (0 means 60)");
    }

    @Test
    void anInvalidAllowedImageExpressionStopsTheAgentNamingIt() {
        assertThatThrownBy(() -> factory.prepare(Map.of("allowed-images", List.of("^ok/", "ruby[")))).isInstanceOf(PluginException.class)
                .hasMessageStartingWith("executor 'kubernetes': option 'allowed-images': 'ruby[' is not a valid regular expression");
    }

    @Test
    void aLabelWithoutExactlyOneEqualsSignStopsTheAgentNamingIt() {
        assertThatThrownBy(() -> factory.prepare(Map.of("labels", List.of("team=a", "b=c=d")))).isInstanceOf(PluginException.class)
                .hasMessage("executor 'kubernetes': option 'labels': 'b=c=d' is not valid; use KEY=VALUE items with exactly"
                        + " one '=', or a map {KEY: VALUE}");
        assertThatThrownBy(() -> factory.prepare(Map.of("labels", List.of("plain")))).hasMessageContaining("'plain' is not valid");
    }

    @Test
    void labelsComeAsSemaphoresListOrAsAMapInTheirOrder() {
        assertThat(KubernetesOptions.parse(Map.of("labels", List.of("b=2", "a=1"))).labels()).containsExactly(
                Map.entry("b", "2"), Map.entry("a", "1"));
        assertThat(KubernetesOptions.parse(Map.of("labels", Map.of("team", "ci"))).labels()).containsExactly(
                Map.entry("team", "ci"));
    }

    @Test
    void anUnknownOptionIsNamedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> factory.prepare(Map.of("namspace", "ci"))).hasMessageStartingWith(
                "executor 'kubernetes': option 'namspace' is unknown; accepted options: active-deadline-seconds,");
    }

    @Test
    void allowedImagesAreSearchedNotAnchoredAsUpstream() {
        AllowedImages allowed = KubernetesOptions.parse(Map.of("allowed-images", List.of("ruby", "^registry\\.example\\.com/")))
                .allowedImages();
        assertThat(allowed.allows("ruby:3.3")).isTrue();
        assertThat(allowed.allows("evil.io/ruby-miner")).as("unanchored, as Semaphore's agent").isTrue();
        assertThat(allowed.allows("registry.example.com/app:1")).isTrue();
        assertThat(allowed.allows("mirror.io/registry.example.com/app")).isFalse();
        assertThat(allowed.firstRejected(List.of("ruby:3", "postgres:16", "alpine"))).contains("postgres:16");
    }
}
