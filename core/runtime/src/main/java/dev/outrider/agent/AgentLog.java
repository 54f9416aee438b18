package dev.outrider.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logger every phase of an agent writes to: the agent log names it as before the phases had classes. */
final class AgentLog {

    static final Logger LOG = LoggerFactory.getLogger("dev.outrider.agent.Agent");

    private AgentLog() {
    }
}
