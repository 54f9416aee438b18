package dev.outrider.app;

import dev.outrider.toolbox.Toolbox;

/** The toolbox service jobs call (cache, artifacts, test results). */
final class ToolboxModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(Toolbox.class);
    }
}
