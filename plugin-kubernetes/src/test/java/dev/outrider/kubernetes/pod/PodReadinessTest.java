package dev.outrider.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.kubernetes.testing.FakeKubelet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a starting pod's state reads, with Semaphore's messages. */
class PodReadinessTest {

    private static final Pod POD = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
            .addNewContainer().withName("main").withImage("ruby:3").endContainer()
            .addNewContainer().withName("db").withImage("postgres:16").endContainer().endSpec().build();

    private static Pod with(io.fabric8.kubernetes.api.model.PodStatus status) {
        return new PodBuilder(POD).withStatus(status).build();
    }

    @Test
    void aPodWhoseContainersAllRunIsReady() {
        assertThat(PodReadiness.of("p", Optional.of(with(FakeKubelet.running(POD))))).isEqualTo(new PodReadiness.Verdict.Ready());
    }

    @Test
    void aPodWithoutStatusIsPending() {
        assertThat(PodReadiness.of("p", Optional.of(POD))).isEqualTo(
                new PodReadiness.Verdict.Waiting("pod in pending state - statuses: []"));
    }

    @Test
    void aContainerNotReadyYetIsWaitedFor() {
        var status = FakeKubelet.running(POD);
        status.getContainerStatuses().get(1).setReady(false);
        assertThat(PodReadiness.of("p", Optional.of(with(status)))).isInstanceOf(PodReadiness.Verdict.Waiting.class)
                .hasToString(new PodReadiness.Verdict.Waiting("container 'db' is not ready yet - statuses: [container"
                        + " 'ruby:3' is running since " + status.getContainerStatuses().get(0).getState().getRunning()
                        .getStartedAt() + " container 'postgres:16' is running since " + status.getContainerStatuses()
                        .get(1).getState().getRunning().getStartedAt() + "]").toString());
    }

    @Test
    void aDeletedPodHasFailed() {
        assertThat(PodReadiness.of("p", Optional.empty())).isEqualTo(
                new PodReadiness.Verdict.Failed("pod 'p' was deleted while it was starting"));
    }
}
