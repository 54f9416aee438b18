package dev.outrider.toolbox;

import dev.outrider.toolbox.artifact.ArtifactCommand;
import dev.outrider.toolbox.artifact.ConfiguredArtifactStores;
import dev.outrider.toolbox.artifact.SemContextCommand;
import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolbox.testresults.TestResultsCommand;
import dev.outrider.plugin.PluginHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The toolbox commands that run in the agent, by the name jobs call them. */
final class ToolboxCommands {

    private final Map<String, ToolboxCommand> commands = new LinkedHashMap<>();

    /**
     * @param plugins the installed plugins
     * @return the commands an agent offers its jobs
     */
    static ToolboxCommands standard(PluginHost plugins) {
        List<ToolboxCommand> all = new ArrayList<>();
        ArtifactCommand artifact = new ArtifactCommand(new ConfiguredArtifactStores(plugins.artifactStores()::get));
        all.add(artifact);
        all.add(new SemContextCommand(artifact));
        all.add(new TestResultsCommand(artifact));
        return new ToolboxCommands(all);
    }

    ToolboxCommands(List<ToolboxCommand> all) {
        all.forEach(command -> commands.put(command.name(), command));
    }

    Map<String, ToolboxCommand> all() {
        return Map.copyOf(commands);
    }
}
