package dev.outrider.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class AgentLogConfiguratorTest {

    @Test
    void takesSemaphoresLogrusLevelNamesInAnyCase() {
        assertThat(AgentLogConfigurator.agentLevel("debug")).hasValue(Level.DEBUG);
        assertThat(AgentLogConfigurator.agentLevel(" TRACE ")).hasValue(Level.TRACE);
        assertThat(AgentLogConfigurator.agentLevel("Info")).hasValue(Level.INFO);
        assertThat(AgentLogConfigurator.agentLevel("warning")).hasValue(Level.WARN);
        assertThat(AgentLogConfigurator.agentLevel("warn")).hasValue(Level.WARN);
        assertThat(AgentLogConfigurator.agentLevel("fatal")).hasValue(Level.ERROR);
        assertThat(AgentLogConfigurator.agentLevel("panic")).hasValue(Level.ERROR);
    }

    @Test
    void namesNoLevelForAnythingElse() {
        assertThat(AgentLogConfigurator.agentLevel("verbose")).isEmpty();
        assertThat(AgentLogConfigurator.agentLevel("")).isEmpty();
        assertThat(AgentLogConfigurator.agentLevel(null)).isEmpty();
    }
}
