package dev.outrider.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The layering rules catch what they are for, shown on a small fixture tree with the faults in it. */
class LayeringRulesFailTest {

    private static final String FIXTURE = "dev.outrider.architecture.fixture";

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aProtocolClassUsingAnAgentClassIsABackEdge() {
        EvaluationResult result = Layering.layers(FIXTURE).withOptionalLayers(true).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("fixture.protocol.WireMessage")
                .contains("fixture.agent.SyncState");
    }

    @Test
    void aProtocolClassUsingAnAgentClassBreaksTheProtocolRule() {
        EvaluationResult result = Layering.protocolKnowsNoUsers(FIXTURE).evaluate(fixture);

        assertThat(result.getFailureReport().toString()).contains("fixture.protocol.WireMessage");
    }

    @Test
    void twoPackagesUsingEachOtherAreACycle() {
        EvaluationResult result = Layering.freeOfCycles(FIXTURE + ".cycle").evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("cycle.left.Left")
                .contains("cycle.right.Right");
    }

    @Test
    void theRuntimesOwnPackagesPassTheSameRulesThatTheFixtureBreaks() {
        JavaClasses runtime = new ClassFileImporter().importPackages("dev.outrider.agent", "dev.outrider.protocol");

        assertThat(Layering.protocolKnowsNoUsers("dev.outrider").evaluate(runtime).hasViolation()).isFalse();
    }
}
