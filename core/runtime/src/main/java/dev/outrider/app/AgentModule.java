package dev.outrider.app;

import com.google.inject.Provides;
import dev.outrider.agent.AgentFactory;
import dev.outrider.agent.AgentSurroundings;
import dev.outrider.agent.AgentTypeCheck;

/** The agents of {@code outrider start}: their factory, the check of each agent type, and the runtime that runs them. */
final class AgentModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(AgentTypeCheck.class);
        bind(AgentFactory.class);
        bind(AgentRuntime.class);
    }

    @Provides
    AgentSurroundings surroundings() {
        return AgentSurroundings.ofThisProcess();
    }
}
