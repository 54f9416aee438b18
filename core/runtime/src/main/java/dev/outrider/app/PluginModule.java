package dev.outrider.app;

import dev.outrider.plugin.BuiltInExtensions;
import dev.outrider.plugin.PluginHost;
import dev.outrider.sink.EventFileSinkFactory;
import dev.outrider.toolbox.artifact.LocalArtifactStoreFactory;
import java.util.List;

/** The plugin host and the extensions the core itself provides next to the plugins'. */
final class PluginModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(BuiltInExtensions.class).toInstance(new BuiltInExtensions(List.of(new EventFileSinkFactory()),
                List.of(new LocalArtifactStoreFactory(System.getenv()))));
        bind(PluginHost.class);
    }
}
